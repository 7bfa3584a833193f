from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests", "0010_organ_directory")]

    operations = [
        migrations.AddField(
            model_name="disclosurerequest",
            name="correction_new_last_day",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="重新确定的补正期限"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="act",
            field=models.CharField(
                choices=[
                    ("submit", "提交申请"),
                    ("register", "确认接收并登记"),
                    ("triage", "初审分办"),
                    ("request_correction", "补正告知"),
                    ("receive_correction", "收到补正"),
                    ("request_reasons", "要求说明理由"),
                    ("open_consultation", "征求意见"),
                    ("close_consultation", "征求意见结束"),
                    ("ask_extension", "申请延期"),
                    ("grant_extension", "延期答复"),
                    ("refuse_extension", "不同意延期"),
                    ("issue_fee_notice", "收费通知"),
                    ("record_payment", "缴费"),
                    ("flag_sensitive", "标记为敏感申请"),
                    ("record_opinion", "会商意见"),
                    ("hold_coordination_meeting", "协调会商"),
                    ("draft_reply", "拟写答复"),
                    ("submit_for_review", "提交保密审查"),
                    ("pass_confidentiality_review", "保密审查通过"),
                    ("return_from_review", "保密审查退回"),
                    ("sign_off", "审签"),
                    ("return_from_sign_off", "审签退回"),
                    ("reply", "答复"),
                    ("reply_on_the_spot", "当场答复"),
                    ("dispatch", "送达"),
                    ("abandon", "视为放弃"),
                    ("grant_new_period", "认定正当理由，重新确定期限"),
                    ("withdraw", "撤回"),
                    ("archive", "归档"),
                    ("deadline_recomputed", "答复期限重新计算"),
                    ("calendar_confirmed", "确认工作日历"),
                ],
                max_length=40,
            ),
        ),
    ]
