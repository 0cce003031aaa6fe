using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class AdminRulesTests
{
    [Fact]
    public void Validate_AdminAbsent_Passes()
    {
        Assert.Null(TestConfigs.LoadValid(TestConfigs.Minimal).Admin);
    }

    [Theory]
    [InlineData("127.0.0.1:9901")]
    [InlineData("127.0.0.2:9901")]
    [InlineData("localhost:9901")]
    [InlineData("[::1]:9901")]
    [InlineData("127.0.0.1:0")]
    public void Validate_LoopbackWithoutToken_Passes(string address)
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + $"admin: {{ address: \"{address}\" }}\n");

        Assert.Equal(address, config.Admin!.Address);
        Assert.Null(config.Admin.Token);
    }

    [Theory]
    [InlineData("0.0.0.0:9901")]
    [InlineData("*:9901")]
    [InlineData("10.1.2.3:9901")]
    [InlineData("[::]:9901")]
    public void Validate_NonLoopbackWithoutToken_ReportsTokenRequired(string address)
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + $"admin:\n  address: \"{address}\"\n", "admin.address");

        Assert.Equal($"{address} is not a loopback address: set admin.token so the admin API is not open to the network", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 5, 12), error.Location);
    }

    [Fact]
    public void Validate_NonLoopbackWithEmptyToken_ReportsTokenRequired()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "admin: { address: 0.0.0.0:9901, token: \"\" }\n", "admin.address");

        Assert.Contains("set admin.token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonLoopbackWithToken_Passes()
    {
        var config = TestConfigs.LoadValid(
            TestConfigs.Minimal + "admin: { address: 0.0.0.0:9901, token: \"${ADMIN_TOKEN}\" }\n",
            new Dictionary<string, string> { ["ADMIN_TOKEN"] = "s3cret" });

        Assert.Equal("s3cret", config.Admin!.Token);
    }

    [Theory]
    [InlineData("9901", "'9901' is not host:port")]
    [InlineData("admin.internal:9901", "'admin.internal' is not an IP address, '*' or 'localhost'")]
    [InlineData("127.0.0.1:99999", "'99999' is not a port (0 to 65535)")]
    public void Validate_InvalidAddress_ReportsWhy(string address, string message)
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + $"admin:\n  address: \"{address}\"\n  token: t\n", "admin.address");

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Validate_TokenWithoutAddress_UsesLoopbackDefault()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + "admin: { token: t }\n");

        Assert.Equal(new AdminConfig { Address = "127.0.0.1:9901", Token = "t" }, config.Admin);
    }
}
