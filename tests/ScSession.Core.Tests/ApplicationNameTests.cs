using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using ScSession.Internal;

namespace ScSession.Core.Tests;

/// <summary>Which application name the cookie is bound to: the option, else the host's, else the entry assembly's.</summary>
public class ApplicationNameTests
{
    private static string ResolvedName(Action<ScSessionOptions> configure, IHostEnvironment? host = null, IConfiguration? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (host is not null)
        {
            services.AddSingleton(host);
        }

        if (configuration is not null)
        {
            services.AddSingleton(configuration);
        }

        services.AddScSession(o =>
        {
            o.SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            configure(o);
        });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ScSessionRuntime>().ApplicationName;
    }

    [Fact]
    public void The_option_wins()
        => Assert.Equal("Shop", ResolvedName(o => o.ApplicationName = "Shop", new Host("Host.Name")));

    [Fact]
    public void By_default_the_hosts_application_name()
        => Assert.Equal("Host.Name", ResolvedName(_ => { }, new Host("Host.Name")));

    [Fact]
    public void An_empty_option_counts_as_not_set()
        => Assert.Equal("Host.Name", ResolvedName(o => o.ApplicationName = "", new Host("Host.Name")));

    [Fact]
    public void Without_a_host_the_entry_assembly_name()
        => Assert.Equal(Assembly.GetEntryAssembly()?.GetName().Name ?? "ScSession", ResolvedName(_ => { }));

    [Fact]
    public void Binds_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ScSession:ApplicationName"] = "FromConfig" })
            .Build();

        Assert.Equal("FromConfig", ResolvedName(_ => { }, new Host("Host.Name"), configuration));
    }

    private sealed class Host(string applicationName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = applicationName;

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
