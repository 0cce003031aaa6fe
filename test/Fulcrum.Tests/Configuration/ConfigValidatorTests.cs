namespace Fulcrum.Tests.Configuration;

public class ConfigValidatorTests
{
    [Fact]
    public void Validate_MinimalConfig_Passes()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal);

        Assert.Single(config.Listeners);
        Assert.Single(config.Routes);
        Assert.Single(config.Clusters);
    }

    [Fact]
    public void Validate_NoListeners_ReportsWithExample()
    {
        const string text = """
            routes: { r: { cluster: c } }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, "listeners");

        Assert.StartsWith("no listeners are declared", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Location.Line);
    }

    [Fact]
    public void Validate_EmptyListenersMap_ReportsAtItsLine()
    {
        const string text = """
            routes: { r: { cluster: c } }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            listeners: {}
            """;

        var error = TestConfigs.SingleError(text, "listeners");

        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Validate_NoRoutes_ReportsEveryRequestWouldGet404()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            routes:
            """;

        var error = TestConfigs.SingleError(text, "routes");

        Assert.Equal("no routes are declared: every request would get 404", error.Message);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Validate_ErrorsInEverySection_ReportsAllInRuleOrder()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:99999 } }
            routes: { r: { cluster: c, timeout: 0s } }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001, weight: 0 } } } }
            policies: { p: { type: nope } }
            admin: { address: 0.0.0.0:9901 }
            """;

        var result = TestConfigs.Load(text);

        // The unknown policy type is found while binding, before any rule runs; the rules then go in order.
        Assert.Equal(
            [
                (4, "policies.p.type"),
                (1, "listeners.web.address"),
                (2, "routes.r.timeout"),
                (3, "clusters.c.destinations.d.weight"),
                (5, "admin.address"),
            ],
            result.Errors.Select(e => (e.Location.Line, e.Path)));
    }
}
