using System.Security.Cryptography;

namespace ScSession.Samples.Shop;

/// <summary>
/// In Development, when no <c>ScSession:SecretKey</c> is configured, gives the shop a key generated once for this
/// machine and kept outside the repository (in the user's local application data). A key committed to a repository
/// lets anyone who reads it forge sessions; elsewhere, configure a real one (<c>ScSession__SecretKey</c>).
/// </summary>
internal static class DevelopmentSecretKey
{
    public static void UseIfNoneConfigured(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration["ScSession:SecretKey"]))
        {
            return;
        }

        var folder = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "ScSession",
            builder.Environment.ApplicationName);
        var path = Path.Combine(folder, "development-secret-key");
        builder.Configuration.AddInMemoryCollection([new("ScSession:SecretKey", ReadOrCreate(folder, path))]);
    }

    private static string ReadOrCreate(string folder, string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(folder);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // readable by this user only
            }

            using var writer = new StreamWriter(path, options);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim(); // another process of the shop created it first
        }
    }
}
