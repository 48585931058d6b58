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
</TS>
