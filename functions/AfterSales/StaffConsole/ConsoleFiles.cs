using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace AfterSales.StaffConsole;

/// <summary>
/// The console's files (HTML, CSS, ES modules; no build step): copied next to the handler at build
/// and publish (<c>StaffConsole/web/</c>, see AfterSales.csproj). In Development the source folder
/// comes first, so an edited script shows on reload without rebuilding.
/// </summary>
public sealed class ConsoleFiles
{
    public const string Folder = "StaffConsole/web";

    private static readonly FileExtensionContentTypeProvider Types = new();

    private readonly IFileProvider _files;

    public ConsoleFiles(IWebHostEnvironment environment)
    {
        var folders = new List<string>();
        var source = Path.Combine(environment.ContentRootPath, Folder);
        if (environment.IsDevelopment() && Directory.Exists(source))
        {
            folders.Add(source);
        }
        var built = Path.Combine(AppContext.BaseDirectory, Folder);
        if (Directory.Exists(built))
        {
            folders.Add(built);
        }
        // PhysicalFileProvider refuses paths that leave its root and hides dot-files.
        _files = new CompositeFileProvider(folders.Distinct().Select(f => new PhysicalFileProvider(f)));
    }

    /// <summary>The file at a path under the console (index.html for the root), or null.</summary>
    public IFileInfo? Find(string? path)
    {
        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = _files.GetFileInfo(relative);
        return file is { Exists: true, IsDirectory: false, PhysicalPath: not null } ? file : null;
    }

    /// <summary>
    /// The shell the service worker keeps for offline use: every file but the worker itself and
    /// vendor/ (MSAL, loaded only with Entra sign-in, kept when first fetched), and a version that
    /// changes when any file does (names, sizes, times), so a deploy installs a new worker.
    /// </summary>
    public ConsoleShell Shell()
    {
        var files = new SortedDictionary<string, IFileInfo>(StringComparer.Ordinal);
        Collect("", files);
        var fingerprint = string.Join('\n', files.Select(f => $"{f.Key}|{f.Value.Length}|{f.Value.LastModified.UtcTicks}"));
        var version = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fingerprint)))[..12];
        return new ConsoleShell(version, [.. files.Keys]);
    }

    private void Collect(string folder, SortedDictionary<string, IFileInfo> files)
    {
        foreach (var entry in _files.GetDirectoryContents(folder))
        {
            var path = folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}";
            if (entry.IsDirectory)
            {
                if (path != "vendor")
                {
                    Collect(path, files);
                }
            }
            else if (path is not (ServiceWorker or "index.html"))
            {
                files.TryAdd(path, entry);
            }
        }
    }

    /// <summary>The service worker's file (served like the others; never kept in its own cache).</summary>
    public const string ServiceWorker = "sw.js";

    /// <summary>The media type to serve a file as; text is always UTF-8 (the screens are Chinese).</summary>
    public static string ContentType(string name)
    {
        var type = Types.TryGetContentType(name, out var found) ? found : "application/octet-stream";
        if (name.EndsWith(".js", StringComparison.OrdinalIgnoreCase))
        {
            type = "text/javascript";
        }
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "application/json" || type == "image/svg+xml"
            ? type + "; charset=utf-8"
            : type;
    }
}
