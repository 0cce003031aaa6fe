using System.Net;
using BenchmarkDotNet.Attributes;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Benchmarks.LoadBalancing;

/// <summary>
/// <see cref="HashKey.Of(IPAddress)"/> and <see cref="HashKey.Of(ReadOnlySpan{char})"/>: the per-request key of a
/// consistent-hash cluster (client address by default; a header or cookie value otherwise). Bar: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class HashKeyBenchmarks
{
    private readonly IPAddress _ipv4 = IPAddress.Parse("203.0.113.7");
    private readonly IPAddress _ipv4Mapped = IPAddress.Parse("::ffff:203.0.113.7");
    private readonly IPAddress _ipv6 = IPAddress.Parse("2001:db8:85a3::8a2e:370:7334");

    // A session or user id as a header or cookie carries it: 36 characters.
    private readonly string _key = "6f9619ff-8b86-d011-b42d-00cf4fc964ff";

    [Benchmark]
    public ulong IPv4() => HashKey.Of(_ipv4);

    /// <summary>What a dual-stack listener reports for an IPv4 client; hashes like <see cref="IPv4"/>.</summary>
    [Benchmark]
    public ulong IPv4MappedToIPv6() => HashKey.Of(_ipv4Mapped);

    [Benchmark]
    public ulong IPv6() => HashKey.Of(_ipv6);

    [Benchmark]
    public ulong String36Chars() => HashKey.Of(_key.AsSpan());
}
