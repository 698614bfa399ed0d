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
