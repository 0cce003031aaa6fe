namespace Fulcrum.Tests.Configuration;

public class ListenerLimitsRulesTests
{
    private static string WithLimits(string limits) => $$"""
        listeners:
          web: { address: 127.0.0.1:8080, limits: {{limits}} }
        routes: { r: { cluster: c } }
        clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
        """;

    [Fact]
    public void Validate_NoLimits_Defaults()
    {
        var limits = TestConfigs.LoadValid(WithLimits("{}")).Listeners["web"].Limits;

        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(130), limits.KeepAliveTimeout);
        Assert.Equal(240, limits.MinRequestBodyRate);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyRateGrace);
    }

    [Fact]
    public void Validate_AllSet_Bound()
    {
        var limits = TestConfigs.LoadValid(WithLimits("{ requestHeadersTimeout: 2s, keepAliveTimeout: 1m, minRequestBodyRate: 0, minRequestBodyRateGrace: 500ms }")).Listeners["web"].Limits;

        Assert.Equal(TimeSpan.FromSeconds(2), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.KeepAliveTimeout);
        Assert.Equal(0, limits.MinRequestBodyRate);
    }

    [Theory]
    [InlineData("{ requestHeadersTimeout: 0s }", "listeners.web.limits.requestHeadersTimeout", "must be greater than zero")]
    [InlineData("{ keepAliveTimeout: 0s }", "listeners.web.limits.keepAliveTimeout", "must be greater than zero")]
    [InlineData("{ minRequestBodyRate: -1 }", "listeners.web.limits.minRequestBodyRate", "must be 0 (off) or a rate in bytes per second")]
    [InlineData("{ minRequestBodyRateGrace: 1s }", "listeners.web.limits.minRequestBodyRateGrace", "must be longer than 1s")]
    public void Validate_BadLimit_ReportsKey(string limits, string key, string message) =>
        Assert.Equal(message, TestConfigs.SingleError(WithLimits(limits), key).Message);
}
