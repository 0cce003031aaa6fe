using Fulcrum.Gateway.Access;
using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Gateway.Access;

public class IpFilterPolicyFactoryTests
{
    [Fact]
    public void Load_AllowAndDeny_BindsTheRecord()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + "policies:\n  office: { type: ipFilter, allow: [10.0.0.0/8, \"2001:db8::/32\"], deny: [10.6.6.6] }\n");

        var policy = Assert.IsType<IpFilterPolicyConfig>(config.Policies["office"]);
        Assert.Equal(["10.0.0.0/8", "2001:db8::/32"], policy.Allow);
        Assert.Equal(["10.6.6.6"], policy.Deny);
    }

    [Fact]
    public void Validate_BadEntries_EachReportedWithItsIndex()
    {
        var result = TestConfigs.Load(TestConfigs.Minimal + "policies:\n  office: { type: ipFilter, allow: [10.0.0.0/8, 10.0.0.1/8, nope], deny: [\"::/200\"] }\n");

        Assert.Equal(
            [
                ("policies.office.allow[1]", "'10.0.0.1/8' has bits set after the /8 prefix (did you mean '10.0.0.0/8'?)"),
                ("policies.office.allow[2]", "'nope' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32"),
                ("policies.office.deny[0]", "'::/200' has an invalid prefix length: use 0 to 128 for an IPv6 range"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));
        Assert.All(result.Errors, e => Assert.Equal(5, e.Location.Line));
    }

    [Fact]
    public void Validate_NeitherList_Reported()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  office: { type: ipFilter }\n", "policies.office");

        Assert.Equal("an ipFilter needs an allow list, a deny list or both", error.Message);
    }

    [Fact]
    public void Load_MisspeltKey_SuggestsTheRightOne()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  office: { type: ipFilter, alow: [10.0.0.0/8], deny: [] }\n", "policies.office.alow");

        Assert.Equal("unknown key 'alow' (did you mean 'allow'?)", error.Message);
    }

    [Fact]
    public void Load_AttachedToRoute_Valid()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, policies: [office] }", StringComparison.Ordinal)
            + "policies:\n  office: { type: ipFilter, deny: [192.0.2.0/24] }\n";

        TestConfigs.LoadValid(text);
    }
}
