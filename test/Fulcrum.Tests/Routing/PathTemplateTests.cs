using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class PathTemplateTests
{
    [Theory]
    [InlineData("/api/{**rest}/more", "catch-all must be the last segment")]
    [InlineData("/api/{*rest}/", "catch-all must be the last segment")]
    [InlineData("/api/{id", "unbalanced '{'")]
    [InlineData("/api/{{id}", "unbalanced '{'")]
    [InlineData("/api/id}", "unbalanced '}'")]
    [InlineData("/api/}id{", "unbalanced '}'")]
    [InlineData("/api/{}", "empty parameter name")]
    [InlineData("/api/{**}", "empty parameter name")]
    [InlineData("/api/{*}", "empty parameter name")]
    [InlineData("/api/{id}/{id}", "duplicate parameter 'id'")]
    [InlineData("/api/{id}/{ID}", "duplicate parameter 'ID'")]
    [InlineData("/api/{id}/{**id}", "duplicate parameter 'id'")]
    [InlineData("/api/v{version}", "a parameter must be a whole segment")]
    [InlineData("/api/{a}{b}", "a parameter must be a whole segment")]
    [InlineData("/api/{id:int}", "invalid parameter name 'id:int'")]
    [InlineData("/api/{id?}", "invalid parameter name 'id?'")]
    [InlineData("api/{id}", "must start with '/'")]
    [InlineData("", "must start with '/'")]
    [InlineData("/search?q=x", "contains '?'")]
    public void TryParse_InvalidTemplate_ReturnsError(string text, string expectedError)
    {
        var parsed = PathTemplate.TryParse(text, out var template, out var error);

        Assert.False(parsed);
        Assert.Null(template);
        Assert.NotNull(error);
        Assert.Contains(expectedError, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TemplateWithCatchAll_ReturnsSegments()
    {
        var parsed = PathTemplate.TryParse("/api/{id}/{**rest}", out var template, out var error);

        Assert.True(parsed);
        Assert.Null(error);
        Assert.Equal(
            [
                new PathTemplateSegment(PathTemplateSegmentKind.Literal, "api"),
                new PathTemplateSegment(PathTemplateSegmentKind.Parameter, "id"),
                new PathTemplateSegment(PathTemplateSegmentKind.CatchAll, "rest"),
            ],
            template!.Segments);
        Assert.Equal(1, template.LiteralCount);
        Assert.Equal(1, template.ParameterCount);
        Assert.True(template.HasCatchAll);
        Assert.False(template.IsLiteral);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/api/v1/")]
    public void TryParse_PlainPath_IsLiteral(string text)
    {
        Assert.True(PathTemplate.TryParse(text, out var template, out _));
        Assert.True(template.IsLiteral);
        Assert.True(template.IsMatch(text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/{*path}")]
    [InlineData("/a-b/{user_id}/{tenant-id}")]
    public void TryParse_ValidTemplate_Succeeds(string text)
    {
        Assert.True(PathTemplate.TryParse(text, out var template, out var error));
        Assert.Equal(text, template.Text);
        Assert.Null(error);
    }

    [Fact]
    public void Parse_InvalidTemplate_ThrowsWithReason()
    {
        var error = Assert.Throws<ArgumentException>(() => PathTemplate.Parse("/a/{}"));

        Assert.Contains("empty parameter name", error.Message, StringComparison.Ordinal);
    }
}
