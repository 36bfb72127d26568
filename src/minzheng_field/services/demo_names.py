"""Word lists for the demo township: surnames, given-name characters, places, schools.

Everything here is generic: common surnames and name characters of rural Hunan, the
provinces and cities where Chenzhou's migrant workers go, and school names built from
the village names. Combined at random by `demo.py`, they make names that no list of real
people was used for.

Surname weights follow the order of frequency in Hunan (李 刘 陈 黄 王 张 …), with the
surnames that are common around 永兴 (曹 马 曾 邓 欧阳) raised, and the polyphonic ones
that search must handle (曾 zeng, 覃 qin, 单 shan, 区 ou, 仇 qiu, 解 xie, 谌 chen) kept
even where they are rare, so that pinyin search can be tried on the demo.
"""

from __future__ import annotations

# (surname, relative weight)
SURNAMES: tuple[tuple[str, float], ...] = (
    ("李", 8.0),
    ("刘", 7.5),
    ("陈", 6.0),
    ("黄", 6.0),
    ("王", 4.5),
    ("张", 4.5),
    ("曹", 4.0),
    ("马", 3.5),
    ("曾", 3.5),
    ("邓", 3.5),
    ("罗", 3.0),
    ("谢", 3.0),
    ("周", 3.0),
    ("唐", 2.5),
    ("何", 2.5),
    ("胡", 2.5),
    ("彭", 2.0),
    ("肖", 2.0),
    ("杨", 2.0),
    ("许", 2.0),
    ("朱", 2.0),
    ("吴", 1.5),
    ("郭", 1.5),
    ("蒋", 1.5),
    ("谭", 1.5),
    ("雷", 1.5),
    ("廖", 1.5),
    ("邹", 1.2),
    ("赵", 1.0),
    ("钟", 1.0),
    ("徐", 1.0),
    ("侯", 1.0),
    ("段", 1.0),
    ("袁", 1.0),
    ("尹", 1.0),
    ("欧阳", 0.8),
    ("邝", 0.8),
    ("颜", 0.8),
    ("龙", 0.8),
    ("贺", 0.8),
    ("汤", 0.8),
    ("梁", 0.8),
    ("戴", 0.6),
    ("伍", 0.6),
    ("文", 0.6),
    ("范", 0.6),
    ("孙", 0.6),
    ("郑", 0.6),
    ("卢", 0.6),
    ("宋", 0.5),
    ("田", 0.5),
    ("蔡", 0.5),
    ("傅", 0.5),
    ("阳", 0.5),
    ("首", 0.3),
    ("覃", 0.4),
    ("谌", 0.4),
    ("仇", 0.15),
    ("单", 0.15),
    ("解", 0.1),
    ("区", 0.05),
    ("司马", 0.05),
)

# Polyphonic surnames placed on the first households, so that even a small demo has them.
SHOWCASE_SURNAMES: tuple[str, ...] = ("曾", "覃", "单", "区", "仇", "解", "谌", "欧阳")

# Surnames among the 瑶族 of southern Chenzhou (宜章 莽山, 汝城).
YAO_SURNAMES: tuple[str, ...] = ("盘", "奉", "赵", "邓", "黄", "李", "冯", "沈")
YAO_GIVEN_MALE: tuple[str, ...] = ("石保", "金生", "福保", "古才", "八斤", "贵生", "文保")
YAO_GIVEN_FEMALE: tuple[str, ...] = ("金妹", "二妹", "三妹", "银妹", "秀妹", "花妹", "满妹")

# Married-in spouses from the north-west keep names in their own form, with the middle dot.
UYGHUR_GIVEN_FEMALE: tuple[str, ...] = ("阿依古丽", "古丽娜尔", "帕提古丽", "努尔古丽")
UYGHUR_FATHER_NAMES: tuple[str, ...] = ("艾买提", "吐尔逊", "买买提", "阿不都")

# Given-name characters by birth cohort and sex; names take one or two of them.
GIVEN_CHARS: dict[str, dict[str, str]] = {
    "old": {
        "男": "德福贵发生根富财昌茂林松炳炎秋冬春桂金银满顺和永长寿保成光荣祥生海山水泉",
        "女": "秀英兰凤桂花梅菊莲翠娥珍玉妹香春冬娇云芳月娣仙琴群爱清满荷",
    },
    "middle": {
        "男": "建国军华明伟勇平志刚红强东文斌辉亮峰涛林波清卫兵忠新晓冬锋斌超",
        "女": "红丽芳艳霞燕玲萍娟丹敏静英华莉琼慧利春梅小文平亚凤芬",
    },
    "young": {
        "男": "浩宇轩子涵梓睿俊博杰鑫磊豪晨阳凯嘉铭泽航宸逸瑞宏骏翔鹏源",
        "女": "欣怡诗雨思梦佳雅婷琪萱涵梓颖悦可馨璐月彤心语晴露妍蕊瑶",
    },
}

# Characters outside the basic plane or rarely found in fonts (CJK Ext A/B/C/E): names
# holding them must be typed, stored, searched and printed intact.
RARE_CHARS: tuple[str, ...] = ("𠮷", "䶮", "𡘙", "𫖮", "𬇕", "𬘭")
# Rare but in the basic plane; used as ordinary name characters now and then.
UNCOMMON_CHARS: tuple[str, ...] = ("堃", "喆", "淼", "犇", "昇", "燚")

# Where parents of left-behind children work (province and city only, never a workplace).
WORK_PLACES: tuple[str, ...] = (
    "广东省东莞市",
    "广东省深圳市",
    "广东省广州市",
    "广东省佛山市",
    "广东省中山市",
    "广东省惠州市",
    "浙江省宁波市",
    "浙江省义乌市",
    "浙江省温州市",
    "福建省厦门市",
    "江苏省苏州市",
    "上海市",
    "湖南省长沙市",
    "湖南省郴州市",
)

# Schools are built from the names of the township (中心小学, 中学, 中心幼儿园), the village
# (村小) and the county (these, after the county's name).
COUNTY_HIGH_SCHOOLS: tuple[str, ...] = ("第一中学", "第三中学", "职业中专")

HOUSING: tuple[tuple[str, float], ...] = (
    ("砖混结构自有住房", 6.0),
    ("土木结构老房", 2.0),
    ("危房改造后新房", 1.0),
    ("与亲属同住", 0.6),
    ("租住", 0.4),
)

BANK_NAME = "农村商业银行（社保卡）"

ELDER_VISIT_SUMMARIES: tuple[str, ...] = (
    "身体状况稳定，生活正常，家中整洁。",
    "血压偏高，已提醒按时服药。",
    "行动不便，邻居帮忙买菜，需要关注。",
    "天气转凉，已检查取暖设施和用电安全。",
    "子女每周电话联系，老人情绪良好。",
    "感冒初愈，精神尚可，嘱咐多喝水。",
    "家中有漏雨，已报村委会安排维修。",
    "独自在家，已留下村干部联系电话。",
    "医保报销材料已帮助整理。",
    "食物储备充足，门窗安全。",
)
ELDER_VISIT_NEEDS: tuple[str, ...] = (
    "代购",
    "就医协助",
    "助浴",
    "房屋维修",
    "办事代办",
    "精神慰藉",
)

TEKUN_VISIT_SUMMARIES: tuple[str, ...] = (
    "照料人每天上门，饮食起居有人照应，供养金按月到账。",
    "身体状况稳定，已提醒照料人按时陪同取药。",
    "天气转凉，已检查被褥、取暖和用电安全。",
    "照料协议在有效期内，照料人履责良好。",
    "本人表示愿意继续在家分散供养。",
    "家中整洁，米油充足，门窗安全。",
)

CHILD_VISIT_SUMMARIES: tuple[str, ...] = (
    "孩子按时上学，学习正常，监护人照料到位。",
    "父母每周视频联系，孩子情绪稳定。",
    "监护人年纪较大，作业辅导有困难，已联系学校关注。",
    "孩子身体健康，按时接种疫苗。",
    "已讲解防溺水和交通安全知识。",
    "父母近两周未联系，已电话提醒父母每周联系孩子。",
    "孩子近期成绩下降，已与班主任沟通。",
    "家中住房安全，孩子有独立学习的地方。",
)

TEMPORARY_EMERGENCY_REASONS: tuple[str, ...] = (
    "房屋失火，家中物品烧毁",
    "家庭主要劳动力遭遇交通事故",
    "突发重病住院，无力支付急救费用",
    "暴雨致房屋部分倒塌",
)
TEMPORARY_EXPENDITURE_REASONS: tuple[str, ...] = (
    "长期住院治疗，医保报销后自付费用较高",
    "子女上大学，学费负担重",
    "慢性病长期用药，自付费用高",
    "恶性肿瘤化疗，自付医疗费用高",
)
REFUSAL_REASONS: tuple[str, ...] = (
    "经信息核对，家庭人均收入高于当地低保标准",
    "经信息核对，家庭成员名下有机动车辆，不符合家庭财产规定",
    "经入户调查，家庭成员有劳动能力且收入稳定",
)
STOP_REASONS: tuple[str, ...] = (
    "家庭成员外出务工，人均收入超过低保标准",
    "经年审，家庭经济状况好转",
)
SUSPEND_REASONS: tuple[str, ...] = (
    "未按时参加年审，暂停发放待核实",
    "长期外出联系不上，暂停发放待核实",
)

# 低保 入户调查 (dibao_household_survey): neighbours' accounts, living conditions, vehicles.
DIBAO_NEIGHBOUR_NOTES: tuple[str, ...] = (
    "走访两户邻居，反映家庭收入主要靠种田和零工，生活较困难，情况属实。",
    "村民小组长介绍，家中有长期病人，开支大，未见购车建房。",
    "邻居反映家庭成员平时在家务农，无外出务工收入。",
    "村委会介绍，该户一直较困难，近一年家庭情况没有明显变化。",
    "走访邻居和村委会，未发现隐瞒收入和财产的情况。",
)
DIBAO_LIVING_DESCRIPTIONS: tuple[str, ...] = (
    "住房为自建老房，家电仅有电视、冰箱各一台；日常饮食简单，常年需购药。",
    "房屋较旧但安全，家具简陋；家中有慢性病人，医疗支出较大。",
    "家中无贵重物品，主要收入靠种植和低保金；孩子在校就读，学杂费已减免。",
    "家庭成员身体较差，劳动能力有限；生活用品齐全但陈旧，基本生活有保障。",
    "住房狭小，家电简单；家庭收入不稳定，靠亲属接济和低保金维持生活。",
)
DIBAO_VEHICLES: tuple[str, ...] = (
    "农用三轮车一辆，2018年购置，用于农活。",
    "二手摩托车一辆，2016年购置，上下班代步。",
)
