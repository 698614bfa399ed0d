namespace AfterSales.Customers;

/// <summary>
/// China's province-level regions in the short form used on the card (江苏, 上海, 内蒙古). A card
/// stores the short form so "same province" is a plain comparison for the on-site deadline.
/// </summary>
public static class Provinces
{
    private static readonly (string Short, string Full, string Pinyin)[] All =
    [
        ("北京", "北京市", "Beijing"), ("天津", "天津市", "Tianjin"), ("上海", "上海市", "Shanghai"), ("重庆", "重庆市", "Chongqing"),
        ("河北", "河北省", "Hebei"), ("山西", "山西省", "Shanxi"), ("辽宁", "辽宁省", "Liaoning"), ("吉林", "吉林省", "Jilin"),
        ("黑龙江", "黑龙江省", "Heilongjiang"), ("江苏", "江苏省", "Jiangsu"), ("浙江", "浙江省", "Zhejiang"), ("安徽", "安徽省", "Anhui"),
        ("福建", "福建省", "Fujian"), ("江西", "江西省", "Jiangxi"), ("山东", "山东省", "Shandong"), ("河南", "河南省", "Henan"),
        ("湖北", "湖北省", "Hubei"), ("湖南", "湖南省", "Hunan"), ("广东", "广东省", "Guangdong"), ("海南", "海南省", "Hainan"),
        ("四川", "四川省", "Sichuan"), ("贵州", "贵州省", "Guizhou"), ("云南", "云南省", "Yunnan"), ("陕西", "陕西省", "Shaanxi"),
        ("甘肃", "甘肃省", "Gansu"), ("青海", "青海省", "Qinghai"), ("台湾", "台湾省", "Taiwan"),
        ("内蒙古", "内蒙古自治区", "Inner Mongolia"), ("广西", "广西壮族自治区", "Guangxi"), ("西藏", "西藏自治区", "Tibet"),
        ("宁夏", "宁夏回族自治区", "Ningxia"), ("新疆", "新疆维吾尔自治区", "Xinjiang"),
        ("香港", "香港特别行政区", "Hong Kong"), ("澳门", "澳门特别行政区", "Macao"),
    ];

    /// <summary>The short form of a province written as 江苏, 江苏省 or Jiangsu; false when it is none of them.</summary>
    public static bool TryNormalize(string? text, out string province)
    {
        var t = text?.Trim() ?? "";
        foreach (var p in All)
        {
            if (t == p.Short || t == p.Full || string.Equals(t, p.Pinyin, StringComparison.OrdinalIgnoreCase)
                || string.Equals(t.Replace(" ", "", StringComparison.Ordinal), p.Pinyin.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                province = p.Short;
                return true;
            }
        }
        province = "";
        return false;
    }
}
