using System.Text.Json;
using Fulcrum.Configuration;
using Fulcrum.Gateway;

namespace Fulcrum.Runtime;

/// <summary>
/// Compiled policies by name, reused across reloads while their config is unchanged, so rate-limit buckets, key
/// caches and token-key caches survive a reload that did not touch them. Policies a reload drops or replaces are
/// disposed once the new snapshot is live.
/// </summary>
internal sealed class PolicyCache
{
    private Dictionary<string, (string Config, IRequestPolicy Policy)> _live = new(StringComparer.Ordinal);

    /// <summary>Compiles every policy of <paramref name="config"/>, reusing live instances whose config is the same.</summary>
    public Dictionary<string, (string Config, IRequestPolicy Policy)> Compile(GatewayConfig config, PolicyContext context)
    {
        var compiled = new Dictionary<string, (string, IRequestPolicy)>(StringComparer.Ordinal);
        foreach (var (name, policy) in config.Policies)
        {
            var json = JsonSerializer.Serialize(policy, policy.GetType(), ConfigJson.Options);
            compiled[name] = _live.TryGetValue(name, out var live) && live.Config == json
                ? live
                : (json, PolicyRegistry.FactoryFor(policy.Type)!.Create(name, policy, context));
        }

        return compiled;
    }

    /// <summary>The new set is live: dispose what it no longer uses.</summary>
    public async Task CommitAsync(Dictionary<string, (string Config, IRequestPolicy Policy)> next)
    {
        var retired = Unused(_live, next);
        _live = next;
        await DisposeAsync(retired);
    }

    /// <summary>The new set will never be live: dispose what it created.</summary>
    public Task AbandonAsync(Dictionary<string, (string Config, IRequestPolicy Policy)> next) => DisposeAsync(Unused(next, _live));

    public Task DisposeAllAsync()
    {
        var all = _live.Values.Select(v => v.Policy).ToList();
        _live = new(StringComparer.Ordinal);
        return DisposeAsync(all);
    }

    private static List<IRequestPolicy> Unused(
        Dictionary<string, (string Config, IRequestPolicy Policy)> from, Dictionary<string, (string Config, IRequestPolicy Policy)> keep)
    {
        var kept = keep.Values.Select(v => v.Policy).ToHashSet(ReferenceEqualityComparer.Instance);
        return [.. from.Values.Select(v => v.Policy).Where(p => !kept.Contains(p))];
    }

    private static async Task DisposeAsync(List<IRequestPolicy> policies)
    {
        foreach (var policy in policies)
        {
            if (policy is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
