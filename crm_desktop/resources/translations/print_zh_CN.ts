<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PrintJob</name>
    <message numerus="yes">
        <location filename="../../ui/print_preview.py" line="232"/>
        <source>Printing %n customer(s)…</source>
        <translation>
            <numerusform>正在打印 %n 位客户…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="232"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="234"/>
        <location filename="../../ui/print_preview.py" line="285"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../ui/print_preview.py" line="52"/>
        <source>Print preview — %s</source>
        <translation>打印预览 — %s</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/print_preview.py" line="60"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="61"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="64"/>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="66"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="104"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="104"/>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="128"/>
        <location filename="../../ui/print_preview.py" line="150"/>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="128"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/print_preview.py" line="151"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
</TS>
