"""Coded fields of a person record: relationship, ethnicity, marital status, health, disability.

Where a national standard code exists it is the stored value, so exports to the national
systems need no mapping: 民族 GB 3304-1991, 婚姻状况 GB/T 2261.2-2003, 残疾类别 and 等级
as in the 20-digit 残疾人证号 (GB/T 26341-2010). The others use stable English values.
"""

from __future__ import annotations

from minzheng_field.domain.labelled_enum import LabelledStrEnum


class Relationship(LabelledStrEnum):
    """与户主关系: how a member is related to the head of the household."""

    SELF = "self", "本人"
    SPOUSE = "spouse", "配偶"
    SON = "son", "子"
    DAUGHTER = "daughter", "女"
    DAUGHTER_IN_LAW = "daughter_in_law", "儿媳"
    SON_IN_LAW = "son_in_law", "女婿"
    GRANDCHILD = "grandchild", "孙子女"
    PARENT = "parent", "父母"
    GRANDPARENT = "grandparent", "祖父母"
    SIBLING = "sibling", "兄弟姐妹"
    OTHER = "other", "其他"


class Ethnicity(LabelledStrEnum):
    """民族 with its GB 3304 code; member names follow the standard's romanisation."""

    HAN = "01", "汉族"
    MONGOL = "02", "蒙古族"
    HUI = "03", "回族"
    ZANG = "04", "藏族"
    UYGUR = "05", "维吾尔族"
    MIAO = "06", "苗族"
    YI = "07", "彝族"
    ZHUANG = "08", "壮族"
    BUYEI = "09", "布依族"
    CHOSEN = "10", "朝鲜族"
    MAN = "11", "满族"
    DONG = "12", "侗族"
    YAO = "13", "瑶族"
    BAI = "14", "白族"
    TUJIA = "15", "土家族"
    HANI = "16", "哈尼族"
    KAZAK = "17", "哈萨克族"
    DAI = "18", "傣族"
    LI = "19", "黎族"
    LISU = "20", "傈僳族"
    VA = "21", "佤族"
    SHE = "22", "畲族"
    GAOSHAN = "23", "高山族"
    LAHU = "24", "拉祜族"
    SUI = "25", "水族"
    DONGXIANG = "26", "东乡族"
    NAXI = "27", "纳西族"
    JINGPO = "28", "景颇族"
    KIRGIZ = "29", "柯尔克孜族"
    TU = "30", "土族"
    DAUR = "31", "达斡尔族"
    MULAO = "32", "仫佬族"
    QIANG = "33", "羌族"
    BLANG = "34", "布朗族"
    SALAR = "35", "撒拉族"
    MAONAN = "36", "毛南族"
    GELAO = "37", "仡佬族"
    XIBE = "38", "锡伯族"
    ACHANG = "39", "阿昌族"
    PUMI = "40", "普米族"
    TAJIK = "41", "塔吉克族"
    NU = "42", "怒族"
    UZBEK = "43", "乌孜别克族"
    RUSS = "44", "俄罗斯族"
    EWENKI = "45", "鄂温克族"
    DEANG = "46", "德昂族"
    BONAN = "47", "保安族"
    YUGUR = "48", "裕固族"
    GIN = "49", "京族"
    TATAR = "50", "塔塔尔族"
    DERUNG = "51", "独龙族"
    OROQEN = "52", "鄂伦春族"
    HEZHEN = "53", "赫哲族"
    MONBA = "54", "门巴族"
    LHOBA = "55", "珞巴族"
    JINO = "56", "基诺族"
    OTHER = "97", "其他"
    FOREIGN_ORIGIN = "98", "外国血统中国籍人士"


# Older records and spreadsheets use pre-1986 names and short forms.
_ETHNICITY_ALIASES = {
    "崩龙族": Ethnicity.DEANG,
    "毛难族": Ethnicity.MAONAN,
    "僳僳族": Ethnicity.LISU,
    "外国血统": Ethnicity.FOREIGN_ORIGIN,
    "外国血统中国籍": Ethnicity.FOREIGN_ORIGIN,
}


def parse_ethnicity(text: str) -> Ethnicity | None:
    """The ethnicity for a code (`15`, `5`), a name (`土家族`) or a short name (`土家`)."""
    typed = text.strip()
    if not typed:
        return None
    if typed.isascii() and typed.isdigit() and len(typed) <= 2:
        try:
            return Ethnicity(typed.zfill(2))
        except ValueError:
            return None
    for candidate in (typed, typed + "族"):
        if candidate in _ETHNICITY_ALIASES:
            return _ETHNICITY_ALIASES[candidate]
        for ethnicity in Ethnicity:
            if ethnicity.label == candidate:
                return ethnicity
    return None


class MaritalStatus(LabelledStrEnum):
    """婚姻状况 with its GB/T 2261.2 code."""

    UNMARRIED = "10", "未婚"
    MARRIED = "20", "已婚"
    WIDOWED = "30", "丧偶"
    DIVORCED = "40", "离婚"
    UNSTATED = "90", "未说明的婚姻状况"


class HealthStatus(LabelledStrEnum):
    """健康状况 as recorded for assistance cases."""

    HEALTHY = "healthy", "健康"
    CHRONICALLY_ILL = "chronically_ill", "多病"
    SERIOUSLY_ILL = "seriously_ill", "重病"


class DisabilityCategory(LabelledStrEnum):
    """残疾类别, coded as the 19th digit of the 残疾人证号."""

    VISUAL = "1", "视力残疾"
    HEARING = "2", "听力残疾"
    SPEECH = "3", "言语残疾"
    PHYSICAL = "4", "肢体残疾"
    INTELLECTUAL = "5", "智力残疾"
    MENTAL = "6", "精神残疾"
    MULTIPLE = "7", "多重残疾"


class DisabilityGrade(LabelledStrEnum):
    """残疾等级, one (most severe) to four, coded as the 20th digit of the 残疾人证号."""

    GRADE_1 = "1", "一级"
    GRADE_2 = "2", "二级"
    GRADE_3 = "3", "三级"
    GRADE_4 = "4", "四级"


class LabourCapacity(LabelledStrEnum):
    """劳动能力; 无 is for those who never had it by age (children), not lost it."""

    ABLE = "able", "有"
    PARTIALLY_LOST = "partially_lost", "部分丧失"
    FULLY_LOST = "fully_lost", "完全丧失"
    NONE = "none", "无"


class EmploymentStatus(LabelledStrEnum):
    """从业状况."""

    FARMING = "farming", "务农"
    WAGE_WORK = "wage_work", "务工"
    FLEXIBLE = "flexible", "灵活就业"
    STUDENT = "student", "在校学生"
    PRESCHOOL = "preschool", "学龄前"
    UNEMPLOYED = "unemployed", "无业"
    RETIRED = "retired", "退休"
    OTHER = "other", "其他"


class PendingReason(LabelledStrEnum):
    """Why a person is kept as 待核实 without an ID number; never a reason to reject them."""

    UNREGISTERED_BABY = "unregistered_baby", "未落户婴儿"
    OLD_RECORD = "old_record", "旧档案无号码"
    CERTIFICATE_LOST = "certificate_lost", "证件遗失待补"
    OTHER = "other", "其他"
