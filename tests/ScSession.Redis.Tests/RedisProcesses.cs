using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ScSession.Redis.Tests;

/// <summary>
/// Starting, asking and stopping real <c>redis-server</c> processes, for the fixtures that run several (a cluster, a
/// master with a replica and a Sentinel). Fails loudly when Redis is not installed: these tests never skip.
/// </summary>
internal static class RedisProcesses
{
    /// <summary>Starts <c>redis-server</c> with <paramref name="args"/> in <paramref name="directory"/>, its output read and dropped.</summary>
    public static Process Start(IEnumerable<string> args, string directory)
    {
        var start = new ProcessStartInfo(FindBinary("redis-server"))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"redis-server {string.Join(' ', args)} could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process at once (SIGKILL: no goodbye to replicas, Sentinels or clients) and waits for its end.</summary>
    public static async Task KillAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Sends a signal by name (<c>STOP</c> freezes a server without closing its sockets, <c>CONT</c> thaws it).</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        var (exit, output) = await RunAsync("kill", ["-" + signal, Text(process.Id)]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed: {output}");
        }
    }

    /// <summary>Runs <c>redis-cli</c> against the server on <paramref name="port"/>; empty output when it fails.</summary>
    public static async Task<string> CliAsync(int port, params string[] args)
    {
        var (exit, output) = await RunAsync(FindBinary("redis-cli"), ["-h", "127.0.0.1", "-p", Text(port), .. args]);
        return exit == 0 ? output : "";
    }

    public static async Task<(int Exit, string Output)> RunAsync(string binary, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; throws <paramref name="failure"/> when it stays false past the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"{failure} within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A field of <c>INFO</c> or <c>CLUSTER INFO</c> output (<c>name:value</c> lines); null when absent.</summary>
    public static string? Field(string info, string name)
        => info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];

    public static string FindBinary(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} was not found on PATH. These tests need a real Redis (7+): `apt-get install -y redis-server`.");

    public static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Free loopback ports, all different, each with port + 10000 free for a cluster bus.</summary>
    public static int[] FreePorts(int count)
    {
        // Held together so no two are the same.
        var listeners = new List<TcpListener>();
        var ports = new List<int>();
        while (ports.Count < count)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            listeners.Add(listener);
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 10000 <= 65535)
            {
                ports.Add(port);
            }
        }

        listeners.ForEach(l => l.Stop());
        return [.. ports];
    }
}
