using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class ConfigErrorTests
{
    [Fact]
    public void ToString_WithPath_PrintsFileLineColumnPathMessage()
    {
        var error = new ConfigError(new ConfigLocation("gateway.yaml", 12, 7), "routes.text.cluster", "unknown cluster 'x'");

        Assert.Equal("gateway.yaml:12:7: routes.text.cluster: unknown cluster 'x'", error.ToString());
    }

    [Fact]
    public void ToString_WithoutPath_PrintsFileLineColumnMessage()
    {
        var error = new ConfigError(new ConfigLocation("gateway.yaml", 3, 1), "", "invalid YAML: oops");

        Assert.Equal("gateway.yaml:3:1: invalid YAML: oops", error.ToString());
    }

    [Fact]
    public void ToString_WithoutLine_PrintsFileOnly()
    {
        var error = new ConfigError(new ConfigLocation("missing.yaml", 0, 0), "", "cannot read the file: not found");

        Assert.Equal("missing.yaml: cannot read the file: not found", error.ToString());
    }
}
