using System.Net;
using System.Runtime.CompilerServices;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// 64-bit hashes of request keys (client address, header or cookie value) and of destination names.
/// </summary>
/// <remarks>
/// Consistent hashing only works across gateway instances and restarts if every instance computes the same
/// value for the same key, so this never uses <see cref="string.GetHashCode()"/> (randomised per process).
/// FNV-1a 64 is simple and stable but mixes its last bytes poorly (keys differing only in the final character
/// land close together), so its result goes through the SplitMix64 finalizer, which spreads every input bit
/// over the whole output. Characters are hashed as UTF-16 little-endian byte pairs in a fixed order, so the
/// result is the same on any platform and equals the hash of <c>Encoding.Unicode</c> bytes of the same text.
/// Nothing here allocates.
/// </remarks>
internal static class HashKey
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    // Long enough for an IPv6 address; IPv4 needs 4.
    private const int MaxAddressBytes = 16;

    public static ulong Of(ReadOnlySpan<char> value)
    {
        var hash = FnvOffsetBasis;
        foreach (var c in value)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        return Mix(hash);
    }

    public static ulong Of(ReadOnlySpan<byte> value)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in value)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return Mix(hash);
    }

    /// <summary>
    /// Hashes the address bytes. An IPv4-mapped IPv6 address hashes like the IPv4 address it carries, so a client
    /// keeps its destination whether it arrives on a dual-stack or an IPv4-only listener. The scope id is ignored.
    /// </summary>
    public static ulong Of(IPAddress address)
    {
        Span<byte> buffer = stackalloc byte[MaxAddressBytes];
        if (!address.TryWriteBytes(buffer, out var written))
        {
            // Unreachable for IPv4/IPv6; kept so a future address family cannot read past the buffer.
            throw new ArgumentException("The address family is not supported for hashing.", nameof(address));
        }

        ReadOnlySpan<byte> bytes = buffer[..written];
        if (address.IsIPv4MappedToIPv6)
        {
            bytes = bytes[12..];
        }

        return Of(bytes);
    }

    /// <summary>
    /// The SplitMix64 finalizer: a bijection that makes every output bit depend on every input bit. Also used to
    /// derive further independent-looking values from one hash (Maglev's second hash, ring virtual nodes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xBF58476D1CE4E5B9UL;
        value ^= value >> 27;
        value *= 0x94D049BB133111EBUL;
        value ^= value >> 31;
        return value;
    }
}
