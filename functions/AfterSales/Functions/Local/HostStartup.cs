namespace AfterSales.Functions.Local;

/// <summary>What happens before the web app starts: the host's port, the publish mode, local Azurite.</summary>
public static class HostStartup
{
    /// <summary>
    /// <c>AfterSales --write-functions DIR [--transport StorageQueues|ServiceBus]</c> writes one folder
    /// per function with its <c>function.json</c> for that transport and exits (used by publish).
    /// </summary>
    public static bool TryRunCommand(string[] args)
    {
        var i = Array.IndexOf(args, "--write-functions");
        if (i < 0)
        {
            return false;
        }
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException("--write-functions needs the Function App folder.");
        }
        var t = Array.IndexOf(args, "--transport");
        var transport = Messaging.MessagingTransport.StorageQueues;
        if (t >= 0 && (t + 1 >= args.Length || !Enum.TryParse(args[t + 1], ignoreCase: true, out transport) || !Enum.IsDefined(transport)))
        {
            throw new ArgumentException("--transport needs StorageQueues or ServiceBus.");
        }
        foreach (var path in FunctionJson.WriteAll(args[i + 1], FunctionCatalog.For(AppModules.All).All, transport))
        {
            Console.WriteLine(path);
        }
        return true;
    }

    /// <summary>Listens where the Functions host says (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>) when it says so.</summary>
    public static void UseFunctionsHostPort(this WebApplicationBuilder builder)
    {
        var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT");
        if (!string.IsNullOrEmpty(port))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
    }

    /// <summary>In Development with <c>Azurite:Start</c>, starts Azurite and points the app at it.</summary>
    public static async Task<Azurite?> StartLocalStorageAsync(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AzuriteOptions.Section).Get<AzuriteOptions>() ?? new();
        if (!builder.Environment.IsDevelopment() || !options.Start)
        {
            return null;
        }
        var root = Azurite.FindRepoRoot(builder.Environment.ContentRootPath);
        var data = string.IsNullOrEmpty(options.DataPath) ? null : Path.Combine(root, options.DataPath);
        var azurite = await Azurite.StartAsync(root, data, options.BlobPort, options.QueuePort, options.TablePort, Console.WriteLine);
        builder.Configuration["AzureWebJobsStorage"] = azurite.ConnectionString;
        builder.Configuration["Storage:CreateResources"] = "true";
        return azurite;
    }
}
