using System.Security.Cryptography;

namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>
/// The accepted keys of one policy, by digest. Immutable: a keys-file reload builds a new set and swaps it in.
/// </summary>
/// <remarks>
/// Only digests are held, so neither memory nor this lookup ever sees a key. The dictionary's timing depends on the
/// digest of what the client sent, never on the key in a way that helps guessing (finding a key from its digest is
/// a preimage attack); the final comparison of the full digests is constant-time all the same.
/// </remarks>
internal sealed class ApiKeySet
{
    private readonly Dictionary<ApiKeyDigest, Entry> _byDigest;

    private ApiKeySet(Dictionary<ApiKeyDigest, Entry> byDigest) => _byDigest = byDigest;

    public int Count => _byDigest.Count;

    public IEnumerable<string> Ids => _byDigest.Values.Select(e => e.Id);

    /// <summary>
    /// Builds a set from keys each labelled with where it was written (for messages); false with every problem
    /// (bad id or digest, an id or a key listed twice) in <paramref name="errors"/>.
    /// </summary>
    public static bool TryCreate(IEnumerable<(ApiKeyConfig Key, string Where)> keys, List<string> errors, out ApiKeySet set)
    {
        var byDigest = new Dictionary<ApiKeyDigest, Entry>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var before = errors.Count;
        foreach (var (key, where) in keys)
        {
            if (ApiKeyRules.IdProblem(key.Id) is { } idProblem)
            {
                errors.Add($"{where}: {idProblem}");
            }
            else if (ids.TryGetValue(key.Id, out var first))
            {
                errors.Add($"{where}: id '{key.Id}' is already used at {first}");
            }
            else
            {
                ids[key.Id] = where;
            }

            if (!ApiKeyDigest.TryParseHex(key.Sha256, out var digest))
            {
                errors.Add($"{where}: {ApiKeyRules.DigestProblem}");
            }
            else if (byDigest.TryGetValue(digest, out var existing))
            {
                errors.Add($"{where}: the same key is already listed for id '{existing.Id}'");
            }
            else
            {
                var bytes = new byte[ApiKeyDigest.Size];
                digest.CopyTo(bytes);
                byDigest[digest] = new Entry(bytes, key.Id);
            }
        }

        set = new ApiKeySet(byDigest);
        return errors.Count == before;
    }

    /// <summary>The id of the key whose SHA-256 is <paramref name="digest"/>, or null.</summary>
    public string? Find(ReadOnlySpan<byte> digest)
    {
        if (_byDigest.TryGetValue(new ApiKeyDigest(digest), out var entry) && CryptographicOperations.FixedTimeEquals(entry.Digest, digest))
        {
            return entry.Id;
        }

        return null;
    }

    private sealed record Entry(byte[] Digest, string Id);
}
