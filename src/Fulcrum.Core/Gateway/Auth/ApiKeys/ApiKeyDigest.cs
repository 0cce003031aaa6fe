using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>
/// A SHA-256 digest as a value, the key of the key lookup. Hashing by the digest's first bytes is safe because
/// the digest is uniformly distributed and reveals nothing about the key it came from.
/// </summary>
internal readonly struct ApiKeyDigest : IEquatable<ApiKeyDigest>
{
    public const int Size = SHA256.HashSizeInBytes;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public ApiKeyDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"a SHA-256 digest is {Size} bytes", nameof(digest));
        }

        _a = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        _b = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]);
    }

    /// <summary>Parses 64 hex digits (either case); false for anything else.</summary>
    public static bool TryParseHex(string hex, out ApiKeyDigest digest)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (hex.Length != Size * 2 || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size)
        {
            digest = default;
            return false;
        }

        digest = new ApiKeyDigest(bytes);
        return true;
    }

    /// <summary>The digest of a presented key, hashed on the stack.</summary>
    public static ApiKeyDigest Of(ReadOnlySpan<byte> key)
    {
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(key, digest);
        return new ApiKeyDigest(digest);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _d);
    }

    public bool Equals(ApiKeyDigest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ApiKeyDigest other && Equals(other);

    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    public static bool operator ==(ApiKeyDigest left, ApiKeyDigest right) => left.Equals(right);

    public static bool operator !=(ApiKeyDigest left, ApiKeyDigest right) => !left.Equals(right);
}
