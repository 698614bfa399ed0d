using System.Text.Json;

namespace AfterSales.Functions;

/// <summary>
/// <c>POST /{FunctionName}</c> for every non-HTTP function: the Functions host posts the
/// invocation envelope here. A non-2xx answer fails the invocation, so the host retries.
/// These routes sit outside the <c>/api</c> prefix, where the host never proxies outside callers.
/// </summary>
public static class EnvelopeEndpoints
{
    /// <summary>The host's own shape: property names as declared, nulls written (<c>"ReturnValue": null</c>).</summary>
    private static readonly JsonSerializerOptions HostJson = new();

    public static IEndpointRouteBuilder MapFunctionEnvelopes(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<FunctionCatalog>();
        // No bearer token here, on purpose: the Functions host posts these invocations itself and
        // carries no user token. The host proxies outside callers only under /api/*, and the handler
        // listens on 127.0.0.1 (FUNCTIONS_CUSTOMHANDLER_PORT), so these routes are unreachable from
        // outside; the fallback policy would otherwise close them.
        var group = app.MapGroup("").ExcludeFromDescription().AllowAnonymous();
        foreach (var function in catalog.NonHttp)
        {
            var name = function.Name;
            group.MapPost($"/{name}", (HttpRequest request, FunctionInvoker invoker, CancellationToken ct) =>
                InvokeAsync(name, request, invoker, ct)).WithName($"envelope-{name}");
        }
        app.MapHttpEnvelopes(); // HTTP functions, for a host that does not proxy them (HttpEnvelope.cs)
        return app;
    }

    private static async Task<IResult> InvokeAsync(string name, HttpRequest request, FunctionInvoker invoker, CancellationToken ct)
    {
        InvocationRequest envelope;
        try
        {
            envelope = await JsonSerializer.DeserializeAsync<InvocationRequest>(request.Body, cancellationToken: ct)
                ?? throw new EnvelopeException("The envelope is empty.");
        }
        catch (Exception ex) when (ex is JsonException or EnvelopeException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid invocation envelope");
        }
        var (ok, response) = await invoker.InvokeAsync(name, envelope, ct);
        return TypedResults.Json(response, HostJson, statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }
}
