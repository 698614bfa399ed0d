using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AfterSales.Functions;

/// <summary>What the Functions host posts to a custom handler for a non-HTTP trigger.</summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata);

/// <summary>What a custom handler answers. Outputs are objects, never bare strings (the host base64-decodes strings).</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

/// <summary>
/// Reads the envelope the way the host really writes it: metadata values may arrive as JSON
/// (numbers, or strings holding JSON such as <c>"\"2\""</c>), and a queue message may be an
/// object, a JSON string, or base64 text of either.
/// </summary>
public static class Envelope
{
    public static QueueMessageContext ReadQueueMessage(InvocationRequest request, string bindingName)
    {
        var data = request.Data ?? throw new EnvelopeException("The envelope has no Data.");
        if (!data.TryGetValue(bindingName, out var item))
        {
            // Some hosts name the binding differently; a queue trigger has exactly one input.
            item = data.Count == 1 ? data.Values.Single() : throw new EnvelopeException($"The envelope's Data has no '{bindingName}'.");
        }
        var body = MessageText(item);
        var metadata = request.Metadata ?? [];
        // A Storage queue's names first, then Service Bus's (the host writes one set or the other).
        return new QueueMessageContext(
            body,
            MetadataInt(metadata, "DequeueCount") ?? MetadataInt(metadata, "DeliveryCount") ?? 1,
            MetadataString(metadata, "Id") ?? MetadataString(metadata, "MessageId"),
            MetadataDate(metadata, "InsertionTime") ?? MetadataDate(metadata, "EnqueuedTimeUtc") ?? MetadataDate(metadata, "EnqueuedTime"))
        {
            SessionId = MetadataString(metadata, "SessionId"),
            Properties = MetadataProperties(metadata, "ApplicationProperties") ?? MetadataProperties(metadata, "UserProperties") ?? new Dictionary<string, string>(),
        };
    }

    public static TimerContext ReadTimer(InvocationRequest request, string bindingName)
    {
        if (request.Data is null || !request.Data.TryGetValue(bindingName, out var timer))
        {
            return new TimerContext(false, null, null);
        }
        var element = Unwrap(timer);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new TimerContext(false, null, null);
        }
        var pastDue = element.TryGetProperty("IsPastDue", out var p) && p.ValueKind == JsonValueKind.True;
        DateTimeOffset? last = null, next = null;
        if (element.TryGetProperty("ScheduleStatus", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            last = status.TryGetProperty("Last", out var l) ? AsDate(l) : null;
            next = status.TryGetProperty("Next", out var n) ? AsDate(n) : null;
        }
        return new TimerContext(pastDue, last, next);
    }

    /// <summary>The message as text: JSON text for JSON messages, otherwise the plain string.</summary>
    internal static string MessageText(JsonElement item)
    {
        if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return item.GetRawText();
        }
        if (item.ValueKind != JsonValueKind.String)
        {
            return item.GetRawText();
        }
        var text = item.GetString() ?? "";
        if (LooksLikeJson(text))
        {
            return text;
        }
        if (TryBase64(text, out var decoded))
        {
            return decoded;
        }
        return text;
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.TrimStart();
        if (t.Length == 0 || (t[0] != '{' && t[0] != '[' && t[0] != '"'))
        {
            return false;
        }
        try
        {
            using var _ = JsonDocument.Parse(t);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryBase64(string text, out string decoded)
    {
        decoded = "";
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return LooksLikeJson(decoded);
    }

    /// <summary>Metadata values sometimes arrive as strings that hold JSON; peel those layers off.</summary>
    private static JsonElement Unwrap(JsonElement value)
    {
        for (var i = 0; i < 3 && value.ValueKind == JsonValueKind.String; i++)
        {
            var s = value.GetString() ?? "";
            var t = s.TrimStart();
            if (t.Length == 0 || !(t[0] is '{' or '[' or '"' || char.IsDigit(t[0]) || t[0] == '-'))
            {
                break;
            }
            try
            {
                value = JsonDocument.Parse(s).RootElement.Clone();
            }
            catch (JsonException)
            {
                break;
            }
        }
        return value;
    }

    private static int? MetadataInt(Dictionary<string, JsonElement> metadata, string key)
    {
        if (!TryGet(metadata, key, out var value))
        {
            return null;
        }
        value = Unwrap(value);
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    private static string? MetadataString(Dictionary<string, JsonElement> metadata, string key)
    {
        if (!TryGet(metadata, key, out var value))
        {
            return null;
        }
        value = Unwrap(value);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
    }

    /// <summary>A metadata object (Service Bus application properties) as text values.</summary>
    private static Dictionary<string, string>? MetadataProperties(Dictionary<string, JsonElement> metadata, string key)
    {
        if (!TryGet(metadata, key, out var value))
        {
            return null;
        }
        value = Unwrap(value);
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            properties[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText();
        }
        return properties;
    }

    private static DateTimeOffset? MetadataDate(Dictionary<string, JsonElement> metadata, string key) =>
        TryGet(metadata, key, out var value) ? AsDate(Unwrap(value)) : null;

    private static DateTimeOffset? AsDate(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d
            : null;

    private static bool TryGet(Dictionary<string, JsonElement> metadata, string key, out JsonElement value)
    {
        foreach (var (k, v) in metadata)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }
}

public sealed class EnvelopeException(string message) : Exception(message);
