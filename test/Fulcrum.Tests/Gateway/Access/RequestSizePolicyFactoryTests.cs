using Fulcrum.Gateway.Access;
using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Gateway.Access;

public class RequestSizePolicyFactoryTests
{
    [Fact]
    public void Load_SizesWithUnits_Parsed()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + "policies:\n  small: { type: requestSize, maxBodySize: 10MiB, maxHeadersSize: 16KiB, maxUrlLength: 2048 }\n");

        var policy = Assert.IsType<RequestSizePolicyConfig>(config.Policies["small"]);
        Assert.Equal(10L << 20, policy.MaxBodySize);
        Assert.Equal(16L << 10, policy.MaxHeadersSize);
        Assert.Equal(2048, policy.MaxUrlLength);
    }

    [Fact]
    public void Load_NegativeSize_ReportedByTheBinder()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  small: { type: requestSize, maxBodySize: -1MiB }\n", "policies.small.maxBodySize");

        Assert.StartsWith("'-1MiB' is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownUnit_Reported()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  small: { type: requestSize, maxBodySize: 10 megabytes }\n", "policies.small.maxBodySize");

        Assert.StartsWith("'10 megabytes' is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoLimit_Reported()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  small: { type: requestSize }\n", "policies.small");

        Assert.Equal("a requestSize policy needs at least one of maxBodySize, maxHeadersSize, maxUrlLength", error.Message);
    }

    [Fact]
    public void Validate_ZeroHeaderAndUrlLimits_ReportedButZeroBodyAllowed()
    {
        var result = TestConfigs.Load(TestConfigs.Minimal + "policies:\n  small: { type: requestSize, maxBodySize: 0, maxHeadersSize: 0, maxUrlLength: 0 }\n");

        Assert.Equal(
            [("policies.small.maxHeadersSize", "must be greater than zero"), ("policies.small.maxUrlLength", "must be greater than zero")],
            result.Errors.Select(e => (e.Path, e.Message)));
    }
}
