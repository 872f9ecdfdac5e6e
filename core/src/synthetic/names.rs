//! The word lists synthetic people are drawn from: surnames (weighted),
//! given names, streets, employers, schools, occupations and mail domains,
//! for the Chinese form and the international one.

pub(super) const SURNAMES: &[(&str, u32)] = &[
    ("王", 10),
    ("李", 9),
    ("张", 9),
    ("马", 8),
    ("刘", 7),
    ("杨", 6),
    ("陈", 5),
    ("海", 3),
    ("田", 3),
    ("赵", 3),
    ("周", 2),
    ("吴", 2),
    ("徐", 2),
    ("孙", 2),
    ("胡", 2),
    ("朱", 2),
    ("郭", 2),
    ("何", 2),
    ("高", 2),
    ("罗", 1),
    ("郑", 1),
    ("梁", 1),
    ("谢", 1),
    ("韩", 1),
    ("冯", 1),
    ("苏", 1),
    ("摆", 1),
    ("虎", 1),
    ("欧阳", 1),
    ("司马", 1),
];
pub(super) const GIVEN_MALE: &[&str] = &[
    "伟", "强", "军", "磊", "勇", "杰", "涛", "斌", "明", "超", "鹏", "辉", "刚", "平", "建国",
    "志强", "文博", "子轩", "浩然", "国庆", "海龙", "万福", "学文", "宇航",
];
pub(super) const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂兰", "玉梅", "雪", "婷", "欣怡",
    "梓涵", "红梅", "丽娟", "海燕", "春花", "晓燕", "佳琪", "雨桐",
];
pub(super) const STREETS: &[&str] = &[
    "文化路",
    "人民路",
    "中山街",
    "解放路",
    "建设路",
    "新华街",
    "和平路",
    "北京路",
    "团结路",
    "民族路",
    "长城路",
    "光明街",
];
/// Employers as templates on a district's name, with the occupation they
/// imply (`""`: no district, self-employed).
pub(super) const EMPLOYERS: &[(&str, &str)] = &[
    ("{}人民医院", "医务人员"),
    ("{}第二小学", "教师"),
    ("{}第一中学", "教师"),
    ("{}市场监督管理局", "公务员"),
    ("{}城关街道办事处", "社区工作者"),
    ("{}商贸有限公司", "企业职工"),
    ("{}供电公司", "企业职工"),
    ("{}人民政府", "公务员"),
    ("{}公交公司", "企业职工"),
    ("{}妇幼保健院", "医务人员"),
    ("{}建筑工程有限公司", "企业职工"),
    ("个体经营", "个体经营者"),
];
pub(super) const STUDIES: &[&str] = &["{}职业技术学校", "{}第一中学", "{}高级中学"];
pub(super) const OTHER_OCCUPATIONS: &[&str] = &["自由职业", "农民", "待业"];

pub(super) const SURNAMES_INTL: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schulz",
    "Koch",
    "Yılmaz",
    "Nowak",
    "Kowalski",
    "Petersen",
    "Hansen",
    "Brown",
    "Rossi",
];
pub(super) const GIVEN_MALE_INTL: &[&str] = &[
    "Lukas", "Leon", "Finn", "Paul", "Jonas", "Ben", "Elias", "Noah", "Mehmet", "Jan", "Tom",
    "Peter", "Klaus",
];
pub(super) const GIVEN_FEMALE_INTL: &[&str] = &[
    "Anna", "Mia", "Emma", "Lena", "Sophie", "Marie", "Hannah", "Leonie", "Ayşe", "Julia",
    "Sabine", "Ursula",
];
pub(super) const STREETS_INTL: &[&str] = &[
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulweg",
    "Gartenstraße",
    "Lindenallee",
    "Kirchweg",
    "Hafenstraße",
    "Marktplatz",
];
pub(super) const EMPLOYERS_INTL: &[(&str, &str)] = &[
    ("{} Hospital", "health worker"),
    ("{} Primary School", "teacher"),
    ("{} Borough Office", "civil servant"),
    ("{} Logistics GmbH", "employee"),
    ("{} Public Transport", "employee"),
    ("self-employed", "self-employed"),
];
pub(super) const STUDIES_INTL: &[&str] = &["{} College", "{} Secondary School"];
pub(super) const OTHER_OCCUPATIONS_INTL: &[&str] = &["freelancer", "unemployed", "homemaker"];
pub(super) const MAIL_DOMAINS: &[&str] =
    &["example.org", "example.com", "example.net", "mail.example"];
