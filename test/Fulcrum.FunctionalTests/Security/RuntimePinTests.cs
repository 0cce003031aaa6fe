using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Runtime pin (S2): the chunk-extension smuggling bug CVE-2025-55315 is Kestrel's, fixed in ASP.NET Core 10.0.0 GA
/// (affected: 10.0.0-rc.1 and earlier). <c>RequestSmuggling</c> tests the behaviour; this pins the version: the
/// runtime the suite runs on is a release at least that new, and <c>fulcrum</c>'s runtimeconfig asks for at least
/// 10.0.0 of both frameworks without a roll-forward policy that could pick an older or prerelease one.
/// (<c>Directory.Build.targets</c> fails the build on an SDK bundling an older or prerelease runtime.)
/// </summary>
public sealed class RuntimePinTests(ITestOutputHelper output)
{
    private static readonly Version Fixed = new(10, 0, 0);

    [Fact]
    public void Kestrel_RunningVersion_ReleaseAtLeastTheFix()
    {
        var informational = typeof(KestrelServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var release = informational.Split('+')[0];

        output.WriteLine($"S2 runtime: Kestrel {informational}, .NET {Environment.Version}; fixed in {Fixed}");
        Assert.DoesNotContain('-', release);
        Assert.True(Version.Parse(release) >= Fixed, $"Kestrel {release} is older than {Fixed}");
        Assert.True(Environment.Version >= Fixed, $".NET {Environment.Version}");
    }

    [Fact]
    public void RuntimeConfig_Fulcrum_AsksForTheFixedFrameworksAndRollsForwardToPatches()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fulcrum.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.GetProperty("frameworks").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("version").GetString()!);
        var rollForward = options.TryGetProperty("rollForward", out var value) ? value.GetString() : null;

        output.WriteLine($"S2 fulcrum.runtimeconfig.json: {string.Join(", ", frameworks.Select(f => $"{f.Key} {f.Value}"))}; rollForward {rollForward ?? "(default: Minor, newest patch)"}");
        Assert.True(Version.Parse(frameworks["Microsoft.AspNetCore.App"]) >= Fixed);
        Assert.True(Version.Parse(frameworks["Microsoft.NETCore.App"]) >= Fixed);
        Assert.Contains(rollForward, new string?[] { null, "Minor", "LatestPatch" });
    }
}
