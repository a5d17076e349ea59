"""Chinese family names (单姓 and 复姓), used to tell a name after 我叫/我是 from an ordinary word."""

from __future__ import annotations

__all__ = ["COMMON_SURNAMES", "COMPOUND_SURNAMES", "SURNAMES"]

_BY_FREQUENCY = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻"
    "位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦"
    "戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但"
    "尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
# Traditional forms (zh-TW users) of the frequent surnames whose characters differ.
_TRADITIONAL_COMMON = (
    "張劉陳楊黃趙吳孫馬鄭羅謝許韓馮鄧蕭葉蘇呂蔣盧鍾鐘譚陸賈韋鄒龍賀顧龔錢嚴湯溫齊喬龐顏莊傅賴紀閻"
)
_TRADITIONAL_OTHER = (
    "聶魯歐關蘭寧紀畢單塗駱藍靳鮑華饒陽時農繆簡車項連蘆麥婁竇黨宮費衛瞿應閔鄔邊欒榮叢鞏遲鄺談"
    "荊樂儲勞諶藺樓盤滿聞厲區闞權強帥樸蓋練豐國晉門雲來闕烏況鮮諸戰銀賓陰堯閉"
)
# Frequent surnames missing above (simplified), kept apart so the frequency order stays.
_MORE_COMMON = "洪赖游翁"
SURNAMES = frozenset(_BY_FREQUENCY + _MORE_COMMON + _TRADITIONAL_COMMON + _TRADITIONAL_OTHER)
# The ~150 most frequent: after the weak triggers 我是/患者 only these start a name.
COMMON_SURNAMES = frozenset(_BY_FREQUENCY[:150] + _MORE_COMMON + _TRADITIONAL_COMMON)

_COMPOUND_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 西门 独孤 南宫 百里 呼延 澹台 "
    "公冶 太史 申屠 万俟 闻人 赫连 拓跋 第五 "
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_TEXT.split())
