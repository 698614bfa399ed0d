namespace AfterSales.Kernel;

/// <summary>A name for people to read, in Chinese and English.</summary>
public sealed record DisplayName(string Zh, string En);

/// <summary>A code the API uses, with what people read for it in Chinese and English.</summary>
public sealed record Term(string Code, string Zh, string En);

/// <summary>One list of codes (states, paths, departments, ...) with their words, as a module contributes it.</summary>
public sealed record VocabularyList(string Name, IReadOnlyList<Term> Terms)
{
    /// <summary>Terms for every value of <typeparamref name="T"/>; a value without words fails at start-up.</summary>
    public static VocabularyList Of<T>(string name, Func<T, (string Zh, string En)?> words) where T : struct, Enum =>
        new(name, [.. Enum.GetValues<T>().Select(v => words(v) is { } w
            ? new Term(Codes.Of(v), w.Zh, w.En)
            : throw new InvalidOperationException($"{typeof(T).Name}.{v} has no zh-CN/English name in the {name} vocabulary."))]);

    public static VocabularyList Of<T>(string name, Func<T, DisplayName> words) where T : struct, Enum =>
        Of<T>(name, v => words(v) is var d ? (d.Zh, d.En) : null);
}
