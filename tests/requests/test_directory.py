"""The directory of other organs (其他行政机关名录): kept per organ, imported from CSV, and
required for a reply that the information is not this organ's to disclose (Art. 36(5))."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from requests.choices import Role
from requests.errors import RequestActError
from requests.models import AuditEvent, OtherOrgan, RequestItem
from requests.outcomes import Outcome
from requests.services import request_draft_reply
from requests.services.reply import ItemDecision
from tests.factories import OrganFactory, OtherOrganFactory, at, staff
from tests.requests import machine as m

HEADER = "name,address,phone,website,email\n"
NATURAL_RESOURCES = (
    "莆田市自然资源局,福建省莆田市城厢区荔城中大道2368号,0594-2695001,"
    "http://zrzyj.putian.gov.cn/,zrzyj@pt.example.cn\n"
)
HOUSING = "莆田市住房和城乡建设局,福建省莆田市城厢区学园南街1008号,0594-2281502,zjj.putian.gov.cn,\n"


def _import(tmp_path, text: str, *args, encoding="utf-8"):
    path = tmp_path / "名录.csv"
    path.write_text(text, encoding=encoding)
    call_command("import_organ_directory", str(path), "--organ", "莆田市生态环境局", *args)


def test_import_adds_the_organs_entries_from_csv_with_a_bom(organ, tmp_path):
    _import(tmp_path, HEADER + NATURAL_RESOURCES + HOUSING, encoding="utf-8-sig")
    entries = {e.name: e for e in OtherOrgan.objects.filter(organ=organ)}
    assert set(entries) == {"莆田市自然资源局", "莆田市住房和城乡建设局"}
    assert entries["莆田市自然资源局"].phone == "0594-2695001"
    assert entries["莆田市自然资源局"].email == "zrzyj@pt.example.cn"
    # a website written without its scheme is taken as https
    assert entries["莆田市住房和城乡建设局"].website == "https://zjj.putian.gov.cn"


def test_importing_the_same_file_again_changes_nothing_and_a_changed_line_updates_by_name(
    organ, tmp_path
):
    _import(tmp_path, HEADER + NATURAL_RESOURCES)
    first = OtherOrgan.objects.get(organ=organ)
    _import(tmp_path, HEADER + NATURAL_RESOURCES)
    assert list(OtherOrgan.objects.filter(organ=organ)) == [first]
    _import(tmp_path, HEADER + NATURAL_RESOURCES.replace("0594-2695001", "0594-2695009"))
    again = OtherOrgan.objects.get(organ=organ)
    assert again.pk == first.pk and again.phone == "0594-2695009"


def test_a_column_left_out_keeps_the_stored_value(organ, tmp_path):
    _import(tmp_path, HEADER + NATURAL_RESOURCES)
    _import(tmp_path, "name,address,phone,website\n莆田市自然资源局,福建省莆田市城厢区荔城中大道2368号,"
                      "0594-2695001,http://zrzyj.putian.gov.cn/\n")
    assert OtherOrgan.objects.get(organ=organ).email == "zrzyj@pt.example.cn"


def test_a_dry_run_reports_and_writes_nothing(organ, tmp_path, capsys):
    _import(tmp_path, HEADER + NATURAL_RESOURCES + HOUSING, "--dry-run")
    assert not OtherOrgan.objects.exists()
    assert "2 entries would be added" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("莆田市水利局,福建省莆田市荔城区梅园东路716号,0594-2692216,http://slj.putian.gov.cn/,"
         "不是邮箱\n", "第3行：电子邮箱"),
        (",福建省莆田市荔城区梅园东路716号,0594-2692216,,\n", "第3行：请填写机关名称"),
        ("莆田市水利局,,,,\n", "第3行：请至少填写一种联系方式"),
        ("莆田市水利局,福建省莆田市荔城区梅园东路716号\n", "第3行：应有5列，实有2列"),
        (NATURAL_RESOURCES, "第3行：机关名称“莆田市自然资源局”与第2行重复"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(organ, tmp_path, lines, message):
    with pytest.raises(CommandError) as error:
        _import(tmp_path, HEADER + NATURAL_RESOURCES + lines)
    assert message in str(error.value)
    assert not OtherOrgan.objects.exists()


def test_a_wrong_header_or_an_unknown_organ_is_refused(organ, tmp_path):
    with pytest.raises(CommandError, match="标题行"):
        _import(tmp_path, "名称,地址,电话,网站\n" + NATURAL_RESOURCES)
    path = tmp_path / "名录.csv"
    path.write_text(HEADER + NATURAL_RESOURCES, encoding="utf-8")
    with pytest.raises(CommandError, match="no organ"):
        call_command("import_organ_directory", str(path), "--organ", "莆田市某局")
    assert not OtherOrgan.objects.exists()


def test_each_organ_keeps_its_own_directory(organ, tmp_path):
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    OtherOrganFactory(organ=other, name="莆田市自然资源局", phone="0594-1111111")
    _import(tmp_path, HEADER + NATURAL_RESOURCES)
    assert OtherOrgan.objects.get(organ=organ).phone == "0594-2695001"
    assert OtherOrgan.objects.get(organ=other).phone == "0594-1111111"


# ---- the admin ------------------------------------------------------------------------


def _admin_user(organ, username):
    from django.contrib.auth.models import Permission

    user = staff(organ, Role.ADMINISTRATOR, username)
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="requests", codename__endswith="otherorgan"))
    return user


def test_staff_of_one_organ_never_see_another_organs_entries_in_the_admin(client, organ):
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    own = OtherOrganFactory(organ=organ, name="莆田市自然资源局")
    theirs = OtherOrganFactory(organ=other, name="莆田市城市管理局")
    client.force_login(_admin_user(organ, "admin.pthb"))
    page = client.get(reverse("admin:requests_otherorgan_changelist")).content.decode()
    assert own.name in page and theirs.name not in page
    assert client.get(reverse("admin:requests_otherorgan_change", args=[theirs.pk])).status_code in (
        302, 403, 404)
    add = client.get(reverse("admin:requests_otherorgan_add")).content.decode()
    assert "莆田市生态环境局" in add and "莆田市水利局</option>" not in add


def test_a_superuser_sees_every_organs_entries(admin_client, organ):
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    OtherOrganFactory(organ=organ, name="莆田市自然资源局")
    OtherOrganFactory(organ=other, name="莆田市城市管理局")
    page = admin_client.get(reverse("admin:requests_otherorgan_changelist")).content.decode()
    assert "莆田市自然资源局" in page and "莆田市城市管理局" in page


# ---- the reply ------------------------------------------------------------------------


def _processing(organ, people):
    return m.build(m.S.PROCESSING, organ, people)


def test_a_not_this_organ_item_without_a_responsible_organ_is_refused_and_nothing_written(
    organ, people
):
    request = _processing(organ, people)
    events = AuditEvent.objects.count()
    with pytest.raises(RequestActError, match="请从其他行政机关名录中选择"):
        request_draft_reply(
            request=request, acting_user=people.handler,
            decisions=[ItemDecision(1, Outcome.NOT_THIS_ORGAN, "由国土部门制作。")],
            at=at(m.DRAFTED_ON),
        )
    assert AuditEvent.objects.count() == events
    assert RequestItem.objects.get(request=request).outcome == ""


def test_another_organs_directory_entry_is_refused(organ, people):
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    theirs = OtherOrganFactory(organ=other, name="莆田市自然资源局")
    request = _processing(organ, people)
    with pytest.raises(RequestActError, match="不在本机关的其他行政机关名录中"):
        request_draft_reply(
            request=request, acting_user=people.handler,
            decisions=[ItemDecision(1, Outcome.NOT_THIS_ORGAN, "", responsible_organ=theirs)],
            at=at(m.DRAFTED_ON),
        )


def test_the_chosen_entry_is_kept_on_the_item_and_in_the_record(organ, people):
    entry = OtherOrganFactory(organ=organ)
    request = _processing(organ, people)
    request_draft_reply(
        request=request, acting_user=people.handler,
        decisions=[ItemDecision(1, Outcome.NOT_THIS_ORGAN, "", responsible_organ=entry)],
        at=at(m.DRAFTED_ON),
    )
    assert RequestItem.objects.get(request=request).responsible_organ == entry
    event = AuditEvent.objects.filter(request=request).latest("sequence")
    assert event.data["responsible_organs"] == {"1": "莆田市自然资源局"}


def test_a_redraft_with_another_outcome_drops_the_responsible_organ(organ, people):
    entry = OtherOrganFactory(organ=organ)
    request = _processing(organ, people)
    request_draft_reply(
        request=request, acting_user=people.handler,
        decisions=[ItemDecision(1, Outcome.NOT_THIS_ORGAN, "", responsible_organ=entry)],
        at=at(m.DRAFTED_ON),
    )
    request_draft_reply(
        request=request, acting_user=people.handler,
        decisions=[ItemDecision(1, Outcome.NOT_HELD, "已检索档案。", responsible_organ=entry)],
        at=at(m.DRAFTED_ON, 15),
    )
    assert RequestItem.objects.get(request=request).responsible_organ is None


def test_an_entry_needs_a_way_to_reach_the_organ(organ):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="请至少填写一种联系方式"):
        OtherOrgan(organ=organ, name="莆田市水利局").full_clean()
