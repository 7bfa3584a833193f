"""The organs a reply is copied to (版记 抄送), and the outcome "re-issue that means creating a
document" (不予处理, Art. 39(1) with Art. 38), counted under row (五)5 like confirmation."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests", "0011_lapse_confirmation")]

    operations = [
        migrations.AddField(
            model_name='organ',
            name='reply_copy_to',
            field=models.TextField(blank=True, help_text='每行一个机关，印在答复书版记的抄送栏，例如：莆田市人民政府办公室。不填则不抄送。', verbose_name='答复书抄送机关'),
        ),
        migrations.AlterField(
            model_name='disclosurerequest',
            name='outcome',
            field=models.CharField(blank=True, choices=[('provided', '予以公开（提供信息）'), ('already_public', '予以公开（已主动公开，告知获取途径）'), ('partial', '部分公开'), ('refused_state_secret', '不予公开：属于国家秘密'), ('refused_other_law', '不予公开：其他法律行政法规禁止公开'), ('refused_security_stability', '不予公开：危及“三安全一稳定”'), ('refused_third_party', '不予公开：保护第三方合法权益'), ('refused_internal_affairs', '不予公开：属于三类内部事务信息'), ('refused_process_information', '不予公开：属于四类过程性信息'), ('refused_enforcement_file', '不予公开：属于行政执法案卷'), ('refused_administrative_query', '不予公开：属于行政查询事项'), ('not_held', '无法提供：本机关不掌握相关政府信息'), ('not_this_organ', '无法提供：不属于本机关负责公开'), ('needs_creation', '无法提供：没有现成信息需要另行制作'), ('still_unclear', '无法提供：补正后申请内容仍不明确'), ('not_ogi_petition', '不予处理：信访举报投诉类申请'), ('not_ogi_repeat', '不予处理：重复申请'), ('not_ogi_publication', '不予处理：要求提供公开出版物'), ('not_ogi_bulk', '不予处理：无正当理由大量反复申请'), ('not_ogi_confirmation', '不予处理：要求确认或重新出具已获取信息'), ('not_ogi_reissue', '不予处理：要求重新出具已获取信息（需另行制作）'), ('abandoned_no_correction', '其他处理：逾期不补正'), ('abandoned_no_fee', '其他处理：逾期未缴费'), ('other', '其他处理：其他（如撤回申请）')], max_length=40, verbose_name='答复结果'),
        ),
        migrations.AlterField(
            model_name='requestitem',
            name='outcome',
            field=models.CharField(blank=True, choices=[('provided', '予以公开（提供信息）'), ('already_public', '予以公开（已主动公开，告知获取途径）'), ('partial', '部分公开'), ('refused_state_secret', '不予公开：属于国家秘密'), ('refused_other_law', '不予公开：其他法律行政法规禁止公开'), ('refused_security_stability', '不予公开：危及“三安全一稳定”'), ('refused_third_party', '不予公开：保护第三方合法权益'), ('refused_internal_affairs', '不予公开：属于三类内部事务信息'), ('refused_process_information', '不予公开：属于四类过程性信息'), ('refused_enforcement_file', '不予公开：属于行政执法案卷'), ('refused_administrative_query', '不予公开：属于行政查询事项'), ('not_held', '无法提供：本机关不掌握相关政府信息'), ('not_this_organ', '无法提供：不属于本机关负责公开'), ('needs_creation', '无法提供：没有现成信息需要另行制作'), ('still_unclear', '无法提供：补正后申请内容仍不明确'), ('not_ogi_petition', '不予处理：信访举报投诉类申请'), ('not_ogi_repeat', '不予处理：重复申请'), ('not_ogi_publication', '不予处理：要求提供公开出版物'), ('not_ogi_bulk', '不予处理：无正当理由大量反复申请'), ('not_ogi_confirmation', '不予处理：要求确认或重新出具已获取信息'), ('not_ogi_reissue', '不予处理：要求重新出具已获取信息（需另行制作）'), ('abandoned_no_correction', '其他处理：逾期不补正'), ('abandoned_no_fee', '其他处理：逾期未缴费'), ('other', '其他处理：其他（如撤回申请）')], max_length=40, verbose_name='答复结果'),
        ),
    ]
