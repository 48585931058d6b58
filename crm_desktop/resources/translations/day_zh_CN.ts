<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LogContactDialog</name>
    <message>
        <source>Log contact</source>
        <translation>记录联系</translation>
    </message>
    <message>
        <source>Log contact…</source>
        <translation>记录联系…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>What came of it</source>
        <translation>联系结果</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Plan the next follow-up</source>
        <translation>安排下次跟进</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
</context>
<context>
    <name>TimelineTab</name>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Search the timeline</source>
        <translation>搜索动态</translation>
    </message>
    <message>
        <source>Log contact… (Ctrl+L)</source>
        <translation>记录联系…（Ctrl+L）</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>动态</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Customer pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Prospect lists</source>
        <translation>潜在客户名册</translation>
    </message>
</context>
<context>
    <name>PoolPage</name>
    <message>
        <source>Code or name</source>
        <translation>客户代号或名称</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>领取</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近联系</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>分配给</translation>
    </message>
    <message>
        <source>Apply the rules now</source>
        <translation>立即执行回收规则</translation>
    </message>
    <message>
        <source>Returns to the pool</source>
        <translation>退回公海</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Release to the pool</source>
        <translation>退回公海</translation>
    </message>
    <message>
        <source>Returning to the pool soon</source>
        <translation>即将退回公海的客户</translation>
    </message>
    <message>
        <source>Customer pool</source>
        <translation>公海</translation>
    </message>
    <message>
        <source>Rules…</source>
        <translation>回收规则…</translation>
    </message>
</context>
<context>
    <name>DayItemsModel</name>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Suggestion</source>
        <translation>建议</translation>
    </message>
</context>
<context>
    <name>DaySuggestions</name>
    <message>
        <source>Suggestions and pool warnings</source>
        <translation>建议与公海提醒</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
</context>
<context>
    <name>PoolRulesDialog</name>
    <message>
        <source>Pool rules</source>
        <translation>公海规则</translation>
    </message>
    <message>
        <source>Days without contact</source>
        <translation>未联系天数</translation>
    </message>
    <message>
        <source>Days without a sale</source>
        <translation>未成交天数</translation>
    </message>
    <message>
        <source>Claims a day</source>
        <translation>每日领取上限</translation>
    </message>
    <message>
        <source>Held at most</source>
        <translation>持有上限</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>免退回</translation>
    </message>
    <message>
        <source>Not classified</source>
        <translation>未分类</translation>
    </message>
    <message>
        <source>never</source>
        <translation>不退回</translation>
    </message>
    <message>
        <source>Cancel them</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Hand them to</source>
        <translation>转交给</translation>
    </message>
    <message>
        <source>Warn this many days before</source>
        <translation>提前提醒天数</translation>
    </message>
    <message>
        <source>Open follow-ups of a returned customer</source>
        <translation>退回客户的未完成跟进</translation>
    </message>
</context>
<context>
    <name>ProspectsPage</name>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <source>Converted</source>
        <translation>转化率</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>客户代号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>客户名称</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>客户阶段</translation>
    </message>
    <message>
        <source>Choose a source above to list its customers.</source>
        <translation>在上方选择来源，列出其客户。</translation>
    </message>
    <message>
        <source>Customers: %1</source>
        <translation>客户：%1 个</translation>
    </message>
    <message>
        <source>Prospect lists</source>
        <translation>潜在客户名册</translation>
    </message>
</context>
</TS>
