using Fulcrum.Configuration;
using Fulcrum.Gateway;
using Fulcrum.Gateway.Headers;

namespace Fulcrum.Tests.Configuration;

/// <summary>
/// Policies bind as the record their <c>type</c> names (found in <see cref="PolicyRegistry"/>), so each type's
/// keys are checked like any other section. These tests use the <c>headers</c> type; each other type's own
/// settings are tested beside it.
/// </summary>
public class PolicyRulesTests
{
    [Fact]
    public void Load_KnownType_BindsItsRecord()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + "policies:\n  p: { type: headers, request: { remove: [Cookie] } }\n");

        var policy = Assert.IsType<HeadersPolicyConfig>(config.Policies["p"]);
        Assert.Equal(["Cookie"], policy.Request.Remove);
    }

    [Fact]
    public void Load_UnknownKeyOfKnownType_ReportsItWithSuggestionFromThatType()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  p: { type: headers, requets: {} }\n", "policies.p.requets");

        Assert.Equal("unknown key 'requets' (did you mean 'request'?)", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Load_TypeMissing_ReportsRequiredWithTheKnownTypes()
    {
        var error = TestConfigs.SingleError(TestConfigs.Minimal + "policies:\n  p:\n    limit: 100\n", "policies.p.type");

        Assert.Equal($"a policy needs a type: one of {string.Join(", ", PolicyRegistry.TypeNames)}", error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Theory]
    [InlineData("header", " (did you mean 'headers'?)")]
    [InlineData("oauth2", "")]
    public void Load_UnknownType_ReportsOnlyTheTypeWithSuggestion(string type, string suggestion)
    {
        var result = TestConfigs.Load(TestConfigs.Minimal + $"policies:\n  p:\n    type: {type}\n    whatever: [1, 2]\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("policies.p.type", error.Path);
        Assert.Equal($"unknown policy type '{type}'; known types: {string.Join(", ", PolicyRegistry.TypeNames)}{suggestion}", error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Fact]
    public void Load_UnknownTypeAttachedToRoute_ReportsOnlyTheType()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, policies: [p] }", StringComparison.Ordinal)
            + "policies:\n  p: { type: nope }\n";

        var error = Assert.Single(TestConfigs.Load(text).Errors);

        Assert.Equal("policies.p.type", error.Path);
    }

    [Fact]
    public void Validate_TypeSpecificRule_ReportedThroughItsFactory()
    {
        var text = TestConfigs.Minimal + "policies:\n  p:\n    type: headers\n    request: { set: { \"bad name\": x }, remove: [\"\"] }\n";

        var result = TestConfigs.Load(text);

        Assert.Equal(
            [("policies.p.request.set.bad name", "'bad name' is not a valid header name"), ("policies.p.request.remove[0]", "'' is not a valid header name")],
            result.Errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void Registry_Types_IncludeHeaders()
    {
        Assert.Contains("headers", PolicyRegistry.TypeNames);
        Assert.Equal(typeof(HeadersPolicyConfig), PolicyRegistry.ConfigTypeFor("headers"));
        Assert.Null(PolicyRegistry.ConfigTypeFor("Headers"));
    }
}
