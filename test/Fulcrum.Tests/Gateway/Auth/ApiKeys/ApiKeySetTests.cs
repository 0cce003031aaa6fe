using System.Security.Cryptography;
using System.Text;
using Fulcrum.Gateway.Auth.ApiKeys;

namespace Fulcrum.Tests.Gateway.Auth.ApiKeys;

public class ApiKeySetTests
{
    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static ApiKeyConfig Key(string id, string key) => new() { Id = id, Sha256 = Convert.ToHexString(Digest(key)) };

    [Fact]
    public void Find_KnownDigest_ReturnsId()
    {
        var errors = new List<string>();
        Assert.True(ApiKeySet.TryCreate([(Key("alice", "a-key"), "k[0]"), (Key("bob", "b-key"), "k[1]")], errors, out var set));

        Assert.Equal("alice", set.Find(Digest("a-key")));
        Assert.Equal("bob", set.Find(Digest("b-key")));
        Assert.Null(set.Find(Digest("c-key")));
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void TryCreate_DuplicateIdAndKey_ReportsBothWithWhere()
    {
        var errors = new List<string>();

        var ok = ApiKeySet.TryCreate([(Key("alice", "a"), "f:1"), (Key("alice", "b"), "f:3"), (Key("carol", "a"), "f:5")], errors, out _);

        Assert.False(ok);
        Assert.Equal(["f:3: id 'alice' is already used at f:1", "f:5: the same key is already listed for id 'alice'"], errors);
    }

    [Fact]
    public void Digest_ParseHex_EitherCaseAndOnly64Digits()
    {
        var hex = Convert.ToHexString(Digest("k"));

        Assert.True(ApiKeyDigest.TryParseHex(hex, out var upper));
        Assert.True(ApiKeyDigest.TryParseHex(hex.ToLowerInvariant(), out var lower));
        Assert.Equal(upper, lower);
        Assert.Equal(new ApiKeyDigest(Digest("k")), upper);
        Assert.False(ApiKeyDigest.TryParseHex(hex[..^1], out _));
        Assert.False(ApiKeyDigest.TryParseHex(hex[..^1] + "x", out _));
        Assert.False(ApiKeyDigest.TryParseHex(hex + "00", out _));
    }
}
