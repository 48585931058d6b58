<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CompleteDialog</name>
    <message>
        <location filename="../../ui/followup_dialog.py" line="444" />
        <source>Complete follow-up</source>
        <translation>完成跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="458" />
        <source>What came of it</source>
        <translation>结果如何</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="459" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="464" />
        <source>Done at</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="467" />
        <source>Plan the next one</source>
        <translation>安排下一次跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="486" />
        <source>Contacted: move this potential customer to prospective (预期客户)</source>
        <translation>已联系：将此潜在客户转为预期客户</translation>
    </message>
</context>
<context>
    <name>FollowUpActions</name>
    <message>
        <location filename="../../ui/followups_page.py" line="327" />
        <source>Cancel follow-up</source>
        <translation>取消跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="331" />
        <source>Why is %1 with %2 cancelled?</source>
        <translation>为什么取消与%2的%1？</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="342" />
        <source>This follow-up repeats. Stop the whole series?</source>
        <translation>这是重复的跟进。要停止整个系列吗？</translation>
    </message>
</context>
<context>
    <name>FollowUpCalendar</name>
    <message>
        <location filename="../../ui/followups_page.py" line="241" />
        <source>%1 planned, %2 done</source>
        <translation>计划 %1 项，已完成 %2 项</translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message>
        <location filename="../../ui/followups_page.py" line="73" />
        <source>Due</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="74" />
        <source>Code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="75" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="76" />
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="77" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="78" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="79" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="80" />
        <source>Subject</source>
        <translation>主题</translation>
    </message>
</context>
<context>
    <name>FollowUpsPage</name>
    <message>
        <location filename="../../ui/followups_page.py" line="381" />
        <source>All owners</source>
        <translation>全部负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="389" />
        <source>All kinds</source>
        <translation>全部方式</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="394" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="396" />
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="401" />
        <source>Plan…</source>
        <translation>安排跟进…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="402" />
        <source>Complete…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="403" />
        <source>Reschedule…</source>
        <translation>改期…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="404" />
        <source>Cancel follow-up</source>
        <translation>取消跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="405" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="432" />
        <source>Chosen day</source>
        <translation>所选日期</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="433" />
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="434" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="435" />
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="452" />
        <source>By owner</source>
        <translation>按负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="470" />
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="507" />
        <source>%1: %2 follow-up(s)</source>
        <translation>%1：%2 项跟进</translation>
    </message>
</context>
<context>
    <name>FollowUpsTab</name>
    <message>
        <location filename="../../ui/followups_tab.py" line="24" />
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="46" />
        <source>Lost customer (流失客户): call them to learn why they left; one in four can be won back.</source>
        <translation>流失客户：打电话了解流失原因——每四个流失客户中就有一个能挽回。</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="52" />
        <source>Plan a win-back call…</source>
        <translation>安排挽回电话…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="62" />
        <source>Plan…</source>
        <translation>安排跟进…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="63" />
        <source>Complete…</source>
        <translation>完成…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="64" />
        <source>Reschedule…</source>
        <translation>改期…</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="65" />
        <source>Cancel follow-up</source>
        <translation>取消跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="98" />
        <source>No contact cadence: no class and no interval set.</source>
        <translation>未设联系周期：既无客户分类，也未设联系间隔。</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="101" />
        <source>Next contact was due on %1 — overdue.</source>
        <translation>下次联系应在 %1 之前——已逾期。</translation>
    </message>
    <message>
        <location filename="../../ui/followups_tab.py" line="105" />
        <source>Next contact due by %1.</source>
        <translation>下次联系应在 %1 之前。</translation>
    </message>
</context>
<context>
    <name>OwnerSummaryModel</name>
    <message>
        <location filename="../../ui/followups_page.py" line="173" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="174" />
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="175" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="176" />
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="177" />
        <source>Planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <location filename="../../ui/followups_page.py" line="206" />
        <source>(nobody)</source>
        <translation>（无人）</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../ui/followup_dialog.py" line="405" />
        <source>Plan a follow-up</source>
        <translation>安排跟进</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="422" />
        <source>The due time is in the past. Plan it anyway?</source>
        <translation>跟进时间已经过去。仍要安排吗？</translation>
    </message>
</context>
<context>
    <name>PlanFields</name>
    <message>
        <location filename="../../ui/followup_dialog.py" line="136" />
        <source>Customer code or name</source>
        <translation>客户代号或名称</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="144" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="150" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="156" />
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="160" />
        <source>Due</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="165" />
        <source>Until</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="172" />
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="182" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="187" />
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="197" />
        <source>Does not repeat</source>
        <translation>不重复</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="198" />
        <source>Every N days</source>
        <translation>每 N 天</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="199" />
        <source>Every N weeks</source>
        <translation>每 N 周</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="200" />
        <source>Every N months</source>
        <translation>每 N 个月</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="201" />
        <source>Every week on</source>
        <translation>每周的</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="214" />
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="215" />
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="216" />
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="217" />
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="218" />
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="219" />
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="220" />
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="229" />
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="287" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>ReminderService</name>
    <message>
        <location filename="../../ui/reminders.py" line="113" />
        <source>Birthday: %1 (%2)</source>
        <translation>生日：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/reminders.py" line="119" />
        <source>… and %1 more</source>
        <translation>……另有 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/reminders.py" line="121" />
        <source>%1 follow-up(s) due, %2 birthday(s)</source>
        <translation>%1 项跟进到期，%2 位联系人生日</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <location filename="../../ui/followup_dialog.py" line="531" />
        <source>Reschedule follow-up</source>
        <translation>跟进改期</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="541" />
        <source>Due</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="545" />
        <source>Until</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="554" />
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="561" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/followup_dialog.py" line="576" />
        <source>The due time is in the past. Move it there anyway?</source>
        <translation>新时间已经过去。仍要改到这个时间吗？</translation>
    </message>
</context>
</TS>