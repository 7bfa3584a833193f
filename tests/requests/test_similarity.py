"""Similarity of descriptions of information (pure functions)."""

from requests.similarity import (
    Fingerprint,
    bigrams,
    cluster,
    jaccard,
    normalise,
    normalise_reference,
)


def test_normalise_drops_punctuation_width_and_stock_phrases():
    assert normalise("申请公开：２０２５年度　木兰溪水质监测数据。") == "2025年度木兰溪水质监测数据"
    assert normalise("请提供2025年度木兰溪水质监测数据") == "2025年度木兰溪水质监测数据"


def test_jaccard_of_bigrams():
    a, b = bigrams("木兰溪水质"), bigrams("木兰溪水量")
    assert a == {"木兰", "兰溪", "溪水", "水质"}
    assert jaccard(a, a) == 1.0
    assert jaccard(a, b) == 3 / 5
    assert jaccard(a, frozenset()) == 0.0
    assert bigrams("溪") == {"溪"} and bigrams("") == frozenset()


def test_a_shared_document_reference_is_the_same_information():
    assert normalise_reference("莆环审〔2025〕12号") == normalise_reference("莆环审[2025] 12号")
    a = Fingerprint("关于华亭化工项目的批复", "莆环审〔2025〕12号")
    b = Fingerprint("环评批复文件", "莆环审[2025]12号")
    assert a.similarity(b) == 1.0
    assert Fingerprint("x", "").similarity(Fingerprint("y", "")) == 0.0


def test_cluster_links_similar_texts_and_keeps_the_rest_apart():
    texts = [
        "2025年度木兰溪水质月度监测数据",
        "请提供木兰溪2025年度水质月度监测数据",
        "华亭镇某化工企业环境影响评价报告书",
        "申请公开2025年度木兰溪水质监测月度数据",
        "城厢区餐饮油烟投诉处理情况",
    ]
    groups = cluster([Fingerprint(t) for t in texts], threshold=0.5)
    assert groups == [[0, 1, 3], [2], [4]]
