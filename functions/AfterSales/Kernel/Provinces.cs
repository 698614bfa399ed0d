using System.Globalization;
using System.Text;

namespace AfterSales.Kernel;

/// <summary>
/// A province-level region of China (省/直辖市/自治区/特别行政区) by its GB/T 2260 code
/// (<c>320000</c>), with its Chinese name (江苏省), the short form staff say (江苏) and its English name.
/// </summary>
public sealed record Province(string Code, string Name, string ShortName, string English);

/// <summary>
/// The code list of provinces. Records keep the code, never the text as typed: "江苏", "江苏省",
/// "Jiangsu", "Jiangsu Province" and "320000" are one province, so the 24 h / 48 h arrival rule is
/// a plain comparison of codes and an unknown name is refused instead of silently missing the rule.
/// </summary>
public static class Provinces
{
    public static IReadOnlyList<Province> All { get; } =
    [
        new("110000", "北京市", "北京", "Beijing"), new("120000", "天津市", "天津", "Tianjin"),
        new("130000", "河北省", "河北", "Hebei"), new("140000", "山西省", "山西", "Shanxi"),
        new("150000", "内蒙古自治区", "内蒙古", "Inner Mongolia"), new("210000", "辽宁省", "辽宁", "Liaoning"),
        new("220000", "吉林省", "吉林", "Jilin"), new("230000", "黑龙江省", "黑龙江", "Heilongjiang"),
        new("310000", "上海市", "上海", "Shanghai"), new("320000", "江苏省", "江苏", "Jiangsu"),
        new("330000", "浙江省", "浙江", "Zhejiang"), new("340000", "安徽省", "安徽", "Anhui"),
        new("350000", "福建省", "福建", "Fujian"), new("360000", "江西省", "江西", "Jiangxi"),
        new("370000", "山东省", "山东", "Shandong"), new("410000", "河南省", "河南", "Henan"),
        new("420000", "湖北省", "湖北", "Hubei"), new("430000", "湖南省", "湖南", "Hunan"),
        new("440000", "广东省", "广东", "Guangdong"), new("450000", "广西壮族自治区", "广西", "Guangxi"),
        new("460000", "海南省", "海南", "Hainan"), new("500000", "重庆市", "重庆", "Chongqing"),
        new("510000", "四川省", "四川", "Sichuan"), new("520000", "贵州省", "贵州", "Guizhou"),
        new("530000", "云南省", "云南", "Yunnan"), new("540000", "西藏自治区", "西藏", "Tibet"),
        new("610000", "陕西省", "陕西", "Shaanxi"), new("620000", "甘肃省", "甘肃", "Gansu"),
        new("630000", "青海省", "青海", "Qinghai"), new("640000", "宁夏回族自治区", "宁夏", "Ningxia"),
        new("650000", "新疆维吾尔自治区", "新疆", "Xinjiang"), new("710000", "台湾省", "台湾", "Taiwan"),
        new("810000", "香港特别行政区", "香港", "Hong Kong"), new("820000", "澳门特别行政区", "澳门", "Macao"),
    ];

    /// <summary>Other spellings in use (pinyin and older romanisations) for the same regions.</summary>
    private static readonly (string Alias, string Code)[] Aliases =
    [
        ("xizang", "540000"), ("neimenggu", "150000"), ("neimongol", "150000"), ("macau", "820000"), ("aomen", "820000"),
        ("xianggang", "810000"), ("hongkong", "810000"), ("shensi", "610000"), ("peking", "110000"), ("canton", "440000"),
    ];

    /// <summary>What is cut off the end before looking a name up: 江苏省 → 江苏, "Jiangsu Province" → jiangsu.</summary>
    private static readonly string[] Suffixes =
    [
        "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市",
        "uygurautonomousregion", "uyghurautonomousregion", "zhuangautonomousregion", "huiautonomousregion", "autonomousregion",
        "specialadministrativeregion", "sar", "province", "municipality", "city", "sheng", "shi",
    ];

    private static readonly Dictionary<string, Province> ByKey = Keys();

    /// <summary>The province written as a code, a Chinese name (short or full) or an English name in any case and spacing; null when it is none.</summary>
    public static Province? Find(string? text)
    {
        var key = Key(text);
        if (key.Length == 0)
        {
            return null;
        }
        if (ByKey.TryGetValue(key, out var found))
        {
            return found;
        }
        foreach (var suffix in Suffixes)
        {
            if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal) && ByKey.TryGetValue(key[..^suffix.Length], out found))
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>The province with this GB/T 2260 code; null when the code is not in the list.</summary>
    public static Province? ByCode(string? code) => All.FirstOrDefault(p => p.Code == code);

    /// <summary>Whether two texts name the same province (false when either names none).</summary>
    public static bool Same(string? a, string? b) => Find(a) is { } x && Find(b) is { } y && x.Code == y.Code;

    /// <summary>How to write a province, for messages.</summary>
    public const string Hint = "a province-level region of China, written as 江苏, 江苏省, Jiangsu, Jiangsu Province or its GB/T 2260 code 320000";

    public static VocabularyList Vocabulary => new("provinces", [.. All.Select(p => new Term(p.Code, p.Name, p.English))]);

    private static Dictionary<string, Province> Keys()
    {
        var keys = new Dictionary<string, Province>(StringComparer.Ordinal);
        foreach (var p in All)
        {
            keys[p.Code] = p;
            keys[Key(p.Name)] = p;
            keys[Key(p.ShortName)] = p;
            keys[Key(p.English)] = p;
        }
        foreach (var (alias, code) in Aliases)
        {
            keys[alias] = All.Single(p => p.Code == code);
        }
        return keys;
    }

    /// <summary>Full-width letters folded (ＪＩＡＮＧＳＵ), lower case, without spaces, dots, dashes or apostrophes.</summary>
    private static string Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var folded = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var key = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            if (!char.IsWhiteSpace(ch) && ch is not ('.' or '-' or '\'' or '’' or '·' or ','))
            {
                key.Append(ch);
            }
        }
        return key.ToString();
    }
}
