namespace Fulcrum.Tests.Configuration;

public class ListenerRulesTests
{
    private static string WithListeners(string listeners) => $$"""
        listeners:
        {{listeners}}
        routes: { r: { cluster: c } }
        clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
        """;

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("0.0.0.0:8080")]
    [InlineData("[::1]:8080")]
    [InlineData("[::]:8080")]
    [InlineData("*:8080")]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65535")]
    public void Validate_ValidAddress_Passes(string address)
    {
        var config = TestConfigs.LoadValid(WithListeners($"  web: {{ address: \"{address}\" }}"));

        Assert.Equal(address, config.Listeners["web"].Address);
    }

    [Theory]
    [InlineData("quic")]
    [InlineData("HTTP")]
    public void Validate_UnsupportedProtocol_ReportsAllowedProtocols(string protocol)
    {
        var error = TestConfigs.SingleError(WithListeners($"  web: {{ protocol: {protocol}, address: 127.0.0.1:8080 }}"), "listeners.web.protocol");

        Assert.StartsWith($"'{protocol}' is not one of http, https", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void Validate_ProtocolInWrongCase_SuggestsHttp()
    {
        var error = TestConfigs.SingleError(WithListeners("  web: { protocol: Http, address: 127.0.0.1:8080 }"), "listeners.web.protocol");

        Assert.Equal("'Http' is not one of http, https, tcp, udp (did you mean 'http'?)", error.Message);
    }

    [Fact]
    public void Validate_AddressMissing_ReportsRequired()
    {
        var error = TestConfigs.SingleError(WithListeners("  web:\n    protocol: http"), "listeners.web.address");

        Assert.Equal("an address is required, such as 127.0.0.1:8080", error.Message);
        Assert.Equal(3, error.Location.Line);
    }

    [Theory]
    [InlineData("8080", "'8080' is not host:port")]
    [InlineData("127.0.0.1", "'127.0.0.1' is not host:port")]
    [InlineData("127.0.0.1:", "'127.0.0.1:' is not host:port")]
    [InlineData(":8080", "':8080' is not host:port")]
    [InlineData("127.0.0.1:http", "'http' is not a port (0 to 65535)")]
    [InlineData("127.0.0.1:65536", "'65536' is not a port (0 to 65535)")]
    [InlineData("127.0.0.1:-1", "'-1' is not a port (0 to 65535)")]
    [InlineData("example.com:80", "'example.com' is not an IP address, '*' or 'localhost'")]
    [InlineData("http://127.0.0.1:8080", "'http://127.0.0.1' is not an IP address, '*' or 'localhost'")]
    public void Validate_InvalidAddress_ReportsWhy(string address, string message)
    {
        var error = TestConfigs.SingleError(WithListeners($"  web:\n    address: \"{address}\""), "listeners.web.address");

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(new Fulcrum.Configuration.ConfigLocation(TestConfigs.FileName, 3, 14), error.Location);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("127.0.0.1:8080", "localhost:8080")]
    [InlineData("[::1]:9000", "[0:0:0:0:0:0:0:1]:9000")]
    public void Validate_SameAddressTwice_ReportsSecondListener(string first, string second)
    {
        var text = WithListeners($"  web: {{ address: \"{first}\" }}\n  api: {{ address: \"{second}\" }}");

        var error = TestConfigs.SingleError(text, "listeners.api.address");

        Assert.Equal($"{second} is already used by listener 'web'", error.Message);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Validate_DifferentPortsOrPortZero_Passes()
    {
        var text = WithListeners("""
              a: { address: 127.0.0.1:8080 }
              b: { address: 127.0.0.1:8081 }
              c: { address: 127.0.0.2:8080 }
              d: { address: 127.0.0.1:0 }
              e: { address: 127.0.0.1:0 }
            """);

        var config = TestConfigs.LoadValid(text);

        Assert.Equal(5, config.Listeners.Count);
    }

    [Fact]
    public void Validate_ValidTrustedProxies_Passes()
    {
        var text = WithListeners("  web: { address: 127.0.0.1:8080, trustedProxies: [10.0.0.0/8, 192.168.0.1, \"::1\", \"fd00::/8\"] }");

        var config = TestConfigs.LoadValid(text);

        Assert.Equal(4, config.Listeners["web"].TrustedProxies.Count);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.internal")]
    [InlineData("10.0.0.1-10.0.0.9")]
    public void Validate_InvalidTrustedProxy_ReportsItemPath(string proxy)
    {
        var text = WithListeners($"  web:\n    address: 127.0.0.1:8080\n    trustedProxies:\n      - 10.0.0.0/8\n      - \"{proxy}\"");

        var error = TestConfigs.SingleError(text, "listeners.web.trustedProxies[1]");

        Assert.Equal($"'{proxy}' is not an IP address or CIDR range such as 10.0.0.0/8", error.Message);
        Assert.Equal(new Fulcrum.Configuration.ConfigLocation(TestConfigs.FileName, 6, 9), error.Location);
    }

    [Fact]
    public void Validate_SeveralBadListeners_ReportsEach()
    {
        var text = WithListeners("""
              a: { protocol: quic, address: 127.0.0.1:8080 }
              b: { address: nowhere }
              c: { address: 127.0.0.1:8081, trustedProxies: [bad] }
            """);

        var result = TestConfigs.Load(text);

        Assert.Equal(
            [
                (2, "listeners.a.protocol"),
                (3, "listeners.b.address"),
                (4, "listeners.c.trustedProxies[0]"),
            ],
            result.Errors.Select(e => (e.Location.Line, e.Path)));
    }
}
