using Fulcrum.Listeners;
using Fulcrum.Tests.Common;

namespace Fulcrum.Tests.Listeners;

public sealed class SniCertificateSelectorTests : IDisposable
{
    private readonly TestCertificates _ca = TestCertificates.CreateAuthority();
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-sni-").FullName;

    private ServerCertificate Load(string name, params string[] dnsNames)
    {
        var (certFile, keyFile) = TestCertificates.WritePem(_ca.IssueServer(name, dnsNames), _directory, name);
        return ServerCertificate.TryLoad(certFile, keyFile, DateTimeOffset.UtcNow, out var error) ?? throw new InvalidOperationException(error);
    }

    [Fact]
    public void Select_NamesExactWildcardAndOther_PrefersExactThenWildcardThenDefault()
    {
        var fallback = Load("default", "default.test");
        var wildcard = Load("wildcard", "*.example.com");
        var exact = Load("exact", "api.example.com", "www.api.example.com");
        var selector = new SniCertificateSelector([fallback, wildcard, exact]);

        Assert.Same(exact, selector.Select("api.example.com"));
        Assert.Same(exact, selector.Select("www.api.example.com"));
        Assert.Same(exact, selector.Select("API.EXAMPLE.COM"));
        Assert.Same(exact, selector.Select("api.example.com."));
        Assert.Same(wildcard, selector.Select("shop.example.com"));
        Assert.Same(fallback, selector.Select("a.shop.example.com"));
        Assert.Same(fallback, selector.Select("example.com"));
        Assert.Same(fallback, selector.Select("nothing.test"));
        Assert.Same(fallback, selector.Select(null));
        Assert.Same(fallback, selector.Select(""));
        Assert.Same(fallback, selector.Default);
    }

    [Fact]
    public void Select_TwoCertificatesShareAName_FirstInConfigOrderWins()
    {
        var first = Load("first", "same.test");
        var second = Load("second", "same.test", "only-second.test");
        var selector = new SniCertificateSelector([first, second]);

        Assert.Same(first, selector.Select("same.test"));
        Assert.Same(second, selector.Select("only-second.test"));
    }

    [Fact]
    public void Select_Lookup_AllocatesNothing()
    {
        var selector = new SniCertificateSelector([Load("default", "default.test"), Load("wildcard", "*.example.com")]);

        var bytes = Allocations.SteadyStateBytes(() => selector.Select("shop.example.com"));

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void TryLoad_ExpiredCertificate_ReportsExpiry()
    {
        var (certFile, keyFile) = TestCertificates.WritePem(
            _ca.IssueServer("old", ["old.test"], notAfter: DateTimeOffset.UtcNow.AddDays(-1)), _directory, "old");

        Assert.Null(ServerCertificate.TryLoad(certFile, keyFile, DateTimeOffset.UtcNow, out var error));
        Assert.Contains("expired", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_KeyOfAnotherCertificate_Fails()
    {
        var (certFile, _) = TestCertificates.WritePem(_ca.IssueServer("a", ["a.test"]), _directory, "a");
        var (_, otherKey) = TestCertificates.WritePem(_ca.IssueServer("b", ["b.test"]), _directory, "b");

        Assert.Null(ServerCertificate.TryLoad(certFile, otherKey, DateTimeOffset.UtcNow, out var error));
        Assert.Contains(certFile, error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
