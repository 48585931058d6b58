"""Traditional Chinese forms of the simplified words the importer knows: headers and
the values of choice fields.

Lists from Taiwan and Hong Kong (and Big5 files from older Windows) head their columns
客戶名稱, 聯繫人, 電話, 手機, 統一編號, 信用額度. Instead of a second table of headers, each
simplified word is written in traditional characters through `S2T`, a map of the
characters the header words use (a test checks that it covers all of them). A few
characters have more than one traditional form in use (注: 註冊, 備註; 系: 聯繫, 關係;
账: 帳戶, 賬戶); a word gets each combination.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice, product

# simplified character -> its traditional forms, the usual first (characters written the
# same in both are not listed; `HAN_SAME` names those the header and value words use)
S2T: dict[str, str] = {
    "顾": "顧", "与": "與", "业": "業", "买": "買", "争": "爭", "产": "產", "仓": "倉", "优": "優",
    "会": "會", "传": "傳", "关": "關", "册": "冊", "况": "況", "创": "創", "别": "別",
    "办": "辦", "务": "務", "动": "動", "势": "勢", "区": "區", "单": "單", "县": "縣",
    "发": "發", "号": "號", "员": "員", "周": "周週", "围": "圍", "国": "國", "声": "聲",
    "备": "備", "头": "頭", "对": "對", "属": "屬", "岗": "崗", "帐": "帳", "库": "庫",
    "开": "開", "态": "態", "总": "總", "户": "戶", "执": "執", "数": "數", "时": "時",
    "机": "機", "条": "條", "来": "來", "构": "構", "注": "註注", "济": "濟", "潜": "潛",
    "点": "點", "状": "狀", "现": "現", "电": "電", "码": "碼", "种": "種", "积": "積",
    "称": "稱", "税": "稅", "竞": "競", "简": "簡", "类": "類", "系": "繫係系", "级": "級",
    "纳": "納", "组": "組", "细": "細", "织": "織", "经": "經", "结": "結", "络": "絡",
    "统": "統", "绩": "績", "编": "編", "网": "網", "职": "職", "联": "聯", "范": "範",
    "获": "獲", "营": "營", "衔": "銜", "观": "觀", "规": "規", "誉": "譽", "讯": "訊",
    "记": "記", "访": "訪", "评": "評", "识": "識", "话": "話", "详": "詳", "误": "誤",
    "说": "說", "负": "負", "责": "責", "账": "帳賬", "货": "貨", "质": "質", "购": "購",
    "赁": "賃", "资": "資", "辖": "轄", "递": "遞", "进": "進", "邮": "郵", "释": "釋", "银": "銀",
    "销": "銷", "错": "錯", "问": "問", "间": "間", "阶": "階", "页": "頁", "项": "項",
    "题": "題", "额": "額", "费": "費", "证": "證", "门": "門", "诉": "訴",
    "车": "車", "厂": "廠", "实": "實", "应": "應", "让": "讓", "体": "體", "个": "個",
    "专": "專", "计": "計", "须": "須",
    "选": "選", "写": "寫", "样": "樣", "举": "舉", "则": "則", "归": "歸",
    # the words of choice values (国营企业 → 國營企業, 先款后货 → 先款後貨)
    "丢": "丟", "乡": "鄉", "亲": "親", "伙": "夥", "协": "協", "后": "後", "响": "響",
    "团": "團", "复": "複復", "广": "廣", "志": "誌志", "扫": "掃", "报": "報", "杂": "雜",
    "权": "權", "标": "標", "档": "檔", "独": "獨", "签": "簽", "约": "約", "纸": "紙",
    "线": "線", "绍": "紹", "荐": "薦", "见": "見", "议": "議", "诚": "誠", "财": "財",
    "赊": "賒", "转": "轉", "较": "較", "采": "採", "镇": "鎮", "预": "預", "领": "領",
    "黄": "黃",
    # follow-up columns (跟进记录 → 跟進記錄) and lead sources (小红书, 来电咨询)
    "书": "書", "众": "眾", "内": "內", "划": "劃", "录": "錄", "沟": "溝", "红": "紅",
    "询": "詢",
    # a CRM's sales phases (方案报价, 需求确认, 商务谈判) and 企业微信's ways of adding (二维码)
    "价": "價", "确": "確", "维": "維", "触": "觸", "认": "認", "谈": "談",
    # the register's 企业类型 (有限責任公司(台港澳與境內合資)) and 参保人数
    "参": "參", "台": "臺台",
    # a visit log's (拜访纪要, 联系途径, 后续计划)
    "纪": "紀", "径": "徑", "续": "續", "调": "調", "长": "長", "馈": "饋", "处": "處", "达": "達",
    # a CRM's won deals (赢单)
    "赢": "贏",
    # Hong Kong's 信貸額 (the credit limit)
    "贷": "貸",
}  # fmt: skip
# characters of the header and value words written the same in both scripts
HAN_SAME = frozenset(
    "一主身交人介他付代件份企位作保信入全公其出分到制力原司合名向和售商回因固在地址型城域天失始姓子"
    "存官定客家展工市年序店度座式形微念性息成所手拜持授接收政方日明易有服期未本束板模次款止"
    "段法活流渠源照特理用登的目直省真社票租移立站等策算管箱籍素老者能行街表要象起跟路送通道"
    "金限面首寄往及"
    "丁三上丙中乙二伴低借值先初友召告品四增外大央好媒季小差己已建引影心忠意承投控推搜擎新"
    "普月朋核正民熟版物生甲秀索股自般良袖重陌集高"
    "下咨容巴快情抖最然百近里阿音士女姐男添加"
    "享停判待描案步求洽片群聊需"
    "任境港澳"
    "安打排果走途反受同遇陪文多提事共由被"
    "住庭"
)
MAX_FORMS = 16  # traditional spellings of one word at most (each repeated character: ×2 or ×3)


def _char_forms(ch: str) -> str:
    return S2T.get(ch, ch)


def traditional_forms(word: str) -> list[str]:
    """The traditional spellings of a simplified word (none when it reads the same)."""
    if not any(ch in S2T for ch in word):
        return []
    spellings = ("".join(chars) for chars in product(*map(_char_forms, word)))
    return [w for w in islice(spellings, MAX_FORMS) if w != word]


def with_traditional(words: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(word, target) pairs and their traditional spellings, as {word: target}; a word's
    own target wins over one a traditional spelling would give it."""
    out: dict[str, str] = {}
    pairs = list(words)
    for word, target in pairs:
        out.setdefault(word, target)
    for word, target in pairs:
        for form in traditional_forms(word):
            out.setdefault(form, target)
    return out
