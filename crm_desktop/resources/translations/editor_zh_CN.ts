<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ContactsTab</name>
    <message>
        <location filename="../../ui/contacts_tab.py" line="156" />
        <location filename="../../ui/contacts_tab.py" line="281" />
        <source>New contact</source>
        <translation>新增联系人</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="158" />
        <location filename="../../ui/contacts_tab.py" line="347" />
        <source>Delete contact</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="160" />
        <source>Save contact</source>
        <translation>保存联系人</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="183" />
        <source>Contact details</source>
        <translation>联系资料</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="190" />
        <source>The person (character, interests, family)</source>
        <translation>个人情况（性格、兴趣、家庭）</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="219" />
        <source>Save the new customer first, then add its contacts.</source>
        <translation>请先保存新客户，再添加联系人。</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="322" />
        <location filename="../../ui/contacts_tab.py" line="339" />
        <source>Contact not saved</source>
        <translation>联系人未保存</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="325" />
        <source>Contact saved.</source>
        <translation>联系人已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="348" />
        <source>Delete the contact %s?</source>
        <translation>删除联系人 %s？</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="357" />
        <source>Contact not deleted</source>
        <translation>联系人未删除</translation>
    </message>
    <message>
        <location filename="../../ui/contacts_tab.py" line="361" />
        <source>Contact %s deleted.</source>
        <translation>联系人 %s 已删除。</translation>
    </message>
</context>
<context>
    <name>CreditTab</name>
    <message>
        <location filename="../../ui/customer_editor_tabs.py" line="63" />
        <source>Credit</source>
        <translation>信用</translation>
    </message>
</context>
<context>
    <name>CustomerEditor</name>
    <message>
        <location filename="../../ui/customer_editor.py" line="210" />
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="223" />
        <location filename="../../ui/customer_editor.py" line="626" />
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="225" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="229" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="230" />
        <source>Print the customer basic-information form (Ctrl+P)</source>
        <translation>打印客户基本资料表（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="235" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="239" />
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="240" />
        <source>Undo all unsaved changes</source>
        <translation>撤销所有未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="242" />
        <location filename="../../ui/customer_editor.py" line="249" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="244" />
        <source>Save the card (Ctrl+S)</source>
        <translation>保存资料卡（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="246" />
        <location filename="../../ui/customer_editor.py" line="254" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="258" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="219" />
        <source>Basic data</source>
        <translation>基本资料</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="220" />
        <source>Organization and operations</source>
        <translation>组织及营运</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="221" />
        <source>Payment and credit</source>
        <translation>付款与信用</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="387" />
        <source>The character, interests, hobbies, family, education, age and ability of the owner, the manager and the legal representative are kept with each person on the Contacts tab.</source>
        <translation>所有者、经营管理者和法人代表的性格、兴趣、爱好、家庭、学历、年龄和能力，记录在“联系人”页中每个人的资料里。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="222" />
        <source>Profile card</source>
        <translation>客户资料卡</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="544" />
        <source>This customer was deleted on %s. It can be restored.</source>
        <translation>此客户已于 %s 删除，可以恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="551" />
        <source>信用额度金额由总经理核定 — the credit limit is approved by the general manager. Payment terms, credit rating, credit limit and collection period change only through an approved credit request.</source>
        <translation>信用额度金额由总经理核定。付款条件、信用等级、信用额度和收款期限只能通过已核准的信用申请更改。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="557" />
        <source>信用额度金额由总经理核定 — as general manager you may change the credit terms here directly; the change is recorded as your approval.</source>
        <translation>信用额度金额由总经理核定。您是总经理，可以在此直接修改信用条件，修改将记录为您的核准。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="574" />
        <source>Credit approved by %1 on %2</source>
        <translation>信用由 %1 于 %2 核准</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="579" />
        <source>No credit has been approved yet.</source>
        <translation>尚未核准信用。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="583" />
        <location filename="../../ui/customer_editor.py" line="585" />
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="584" />
        <source>Fill in at least the customer name, then save.</source>
        <translation>至少填写客户名称，然后保存。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="596" />
        <source>Owner: %s</source>
        <translation>负责人：%s</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="597" />
        <source>Changed %s</source>
        <translation>修改于 %s</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="644" />
        <source>Changes undone.</source>
        <translation>修改已撤销。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="676" />
        <location filename="../../ui/customer_editor.py" line="712" />
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="688" />
        <source>Saved at %s.</source>
        <translation>已于 %s 保存。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/customer_editor.py" line="710" />
        <source>Not saved: %n field(s) need attention.</source>
        <translation><numerusform>未保存：%n 个栏位需要修正。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="717" />
        <source>Changed by someone else</source>
        <translation>已被他人修改</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="720" />
        <source>Reload shows the stored card; your unsaved changes are then lost.</source>
        <translation>重新载入将显示已保存的资料卡，您未保存的修改会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="722" />
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="742" />
        <source>Delete customer</source>
        <translation>删除客户</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="744" />
        <source>Delete %s? The card leaves the customer list; it can be restored from the Deleted filter or with Undo.</source>
        <translation>删除 %s？资料卡将从客户列表中移除，可以通过“已删除”筛选或“撤销”恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="756" />
        <source>Not deleted</source>
        <translation>未删除</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="759" />
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="768" />
        <source>Not restored</source>
        <translation>未恢复</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="771" />
        <source>Restored.</source>
        <translation>已恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="789" />
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../ui/customer_editor.py" line="790" />
        <source>Save the changes to this customer before closing?</source>
        <translation>关闭前保存对此客户的修改吗？</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../ui/field_widgets.py" line="335" />
        <source>YYYY-MM-DD</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location filename="../../ui/field_widgets.py" line="341" />
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
</context>
<context>
    <name>FollowUpsTab</name>
    <message>
        <location filename="../../ui/customer_editor_tabs.py" line="48" />
        <source>Follow-ups</source>
        <translation>跟进</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../ui/history_tab.py" line="144" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="145" />
        <source>Who</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="146" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="147" />
        <source>Was</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="148" />
        <source>Became</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../ui/history_tab.py" line="73" />
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="74" />
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="75" />
        <source>Restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="95" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="96" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="112" />
        <source>Contact %s</source>
        <translation>联系人 %s</translation>
    </message>
    <message>
        <location filename="../../ui/history_tab.py" line="220" />
        <source>No changes recorded yet.</source>
        <translation>尚无修改记录。</translation>
    </message>
</context>
<context>
    <name>SalesTab</name>
    <message>
        <location filename="../../ui/customer_editor_tabs.py" line="75" />
        <source>Sales and payments</source>
        <translation>销售与收款</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../../ui/today_page.py" line="76" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/today_page.py" line="159" />
        <source>%n day(s) overdue</source>
        <translation><numerusform>逾期 %n 天</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="160" />
        <source>Today %1</source>
        <translation>今天 %1</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="167" />
        <location filename="../../ui/today_page.py" line="321" />
        <location filename="../../ui/today_page.py" line="499" />
        <location filename="../../ui/today_page.py" line="500" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="169" />
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/today_page.py" line="171" />
        <source>in %n days</source>
        <translation><numerusform>%n 天后</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="371" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="377" />
        <source>Follow-ups due today</source>
        <translation>今天到期的跟进</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="378" />
        <source>Overdue follow-ups</source>
        <translation>逾期的跟进</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="379" />
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="380" />
        <source>Sales this month</source>
        <translation>本月销售额</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="387" />
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="388" />
        <location filename="../../ui/today_page.py" line="402" />
        <location filename="../../ui/today_page.py" line="421" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="389" />
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="390" />
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="391" />
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="398" />
        <location filename="../../ui/today_page.py" line="560" />
        <source>Follow-ups due and overdue</source>
        <translation>到期及逾期的跟进</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="403" />
        <source>Proposed limit</source>
        <translation>申请额度</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="404" />
        <source>Current limit</source>
        <translation>现有额度</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="405" />
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="406" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="412" />
        <location filename="../../ui/today_page.py" line="562" />
        <source>Credit requests waiting for your approval</source>
        <translation>等待您核准的信用申请</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="418" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="419" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="420" />
        <source>Turns</source>
        <translation>年满</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="428" />
        <location filename="../../ui/today_page.py" line="564" />
        <source>Birthdays in the next 7 days</source>
        <translation>未来 7 天的生日</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="431" />
        <source>Customers by stage</source>
        <translation>各阶段客户数</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="432" />
        <source>Customers by ABC class</source>
        <translation>ABC 分类客户数</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="433" />
        <source>Sales, 10,000 yuan</source>
        <translation>销售额（万元）</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="435" />
        <source>Last month whole, last month up to today's day, this month up to today</source>
        <translation>上月全月、上月截至同日、本月截至今天</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="568" />
        <source>(the first %1 of %2)</source>
        <translation>（前 %1 条，共 %2 条）</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="513" />
        <source>Today, %1</source>
        <translation>今天，%1</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="519" />
        <source>planned for today</source>
        <translation>计划今天完成</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="522" />
        <source>not done in time</source>
        <translation>未按时完成</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="528" />
        <source>%1 current, %2 class A</source>
        <translation>现实客户 %1，A 级 %2</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="534" />
        <source>no sales in the same days of last month</source>
        <translation>上月同期无销售</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="539" />
        <source>%1 against the same days of last month</source>
        <translation>较上月同期 %1</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="550" />
        <source>Nothing due today. Plan the next visits on the Follow-ups page.</source>
        <translation>今天没有到期的跟进。可在“跟进”页安排下一次拜访。</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="552" />
        <source>No credit request is waiting.</source>
        <translation>没有等待中的信用申请。</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="554" />
        <source>No birthdays in the next 7 days.</source>
        <translation>未来 7 天没有生日。</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="589" />
        <source>Last&lt;br&gt;month</source>
        <translation>上月全月</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="589" />
        <source>Same&lt;br&gt;days</source>
        <translation>上月同期</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="589" />
        <source>This&lt;br&gt;month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../ui/today_page.py" line="611" />
        <source>Customer card</source>
        <translation>客户资料卡</translation>
    </message>
</context>
</TS>