"""The organs a reply is copied to (版记 抄送); the outcome "re-issue that means creating a
document" (不予处理, Art. 39(1) with Art. 38), counted under row (五)5 like confirmation; and
the acts as they now stand (the later reply date of Art. 35, the good reason that sets a new
period)."""

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
            migrations.AlterField(
            model_name='auditevent',
            name='act',
            field=models.CharField(choices=[('submit', '提交申请'), ('register', '确认接收并登记'), ('triage', '初审分办'), ('request_correction', '补正告知'), ('receive_correction', '收到补正'), ('request_reasons', '要求说明理由'), ('open_consultation', '征求意见'), ('close_consultation', '征求意见结束'), ('ask_extension', '申请延期'), ('grant_extension', '延期答复'), ('set_later_reply_date', '确定延迟答复期限（第三十五条）'), ('refuse_extension', '不同意延期'), ('issue_fee_notice', '收费通知'), ('record_payment', '缴费'), ('flag_sensitive', '标记为敏感申请'), ('record_opinion', '会商意见'), ('hold_coordination_meeting', '协调会商'), ('draft_reply', '拟写答复'), ('submit_for_review', '提交保密审查'), ('pass_confidentiality_review', '保密审查通过'), ('return_from_review', '保密审查退回'), ('sign_off', '审签'), ('return_from_sign_off', '审签退回'), ('reply', '答复'), ('reply_on_the_spot', '当场答复'), ('dispatch', '送达'), ('abandon', '视为放弃'), ('grant_new_period', '认定正当理由，重新确定期限'), ('withdraw', '撤回'), ('archive', '归档'), ('deadline_recomputed', '答复期限重新计算'), ('calendar_confirmed', '确认工作日历')], max_length=40),
        ),
    ]
