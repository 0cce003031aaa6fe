using Fulcrum.Gateway.Auth.Jwt;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

public class TokenShapeTests
{
    private static readonly HashSet<string> Rs256 = ["RS256"];
    private static readonly string Payload = UnitTokens.Encode("""{"sub":"a"}""");

    private static TokenProblem Inspect(string token, int max = 8192) => TokenShape.Inspect(token, max, Rs256, out _);

    private static string WithHeader(string header, string signature = "c2ln") => $"{UnitTokens.Encode(header)}.{Payload}.{signature}";

    [Fact]
    public void Inspect_WellFormed_NoneAndKidRead()
    {
        Assert.Equal(TokenProblem.None, TokenShape.Inspect(WithHeader("""{"alg":"RS256","kid":"k1","jku":"http://x"}"""), 8192, Rs256, out var kid));
        Assert.Equal("k1", kid);
    }

    [Theory]
    [InlineData("""{"alg":"RS256","kid":"a","kid":"b"}""", nameof(TokenProblem.Malformed))]
    [InlineData("""{"alg":"RS256","kid":1}""", nameof(TokenProblem.Malformed))]
    [InlineData("""{"alg":"RS256"} trailing""", nameof(TokenProblem.Malformed))]
    [InlineData("""{"alg":"RS256","crit":["exp"]}""", nameof(TokenProblem.CriticalHeader))]
    [InlineData("""{"alg":"none"}""", nameof(TokenProblem.Unsigned))]
    [InlineData("""{"alg":"NONE"}""", nameof(TokenProblem.Unsigned))]
    [InlineData("""{"alg":"HS256"}""", nameof(TokenProblem.AlgorithmNotAllowed))]
    [InlineData("""{"alg":"rs256"}""", nameof(TokenProblem.AlgorithmNotAllowed))]
    [InlineData("""{"typ":"JWT"}""", nameof(TokenProblem.Malformed))]
    [InlineData("""[]""", nameof(TokenProblem.Malformed))]
    [InlineData("""{"alg":"RS256","nested":{"a":[1,{"b":2}]}}""", nameof(TokenProblem.None))]
    public void Inspect_Header_Judged(string header, string expected)
    {
        Assert.Equal(expected, Inspect(WithHeader(header)).ToString());
    }

    [Fact]
    public void Inspect_EmptySignature_Unsigned()
    {
        Assert.Equal(TokenProblem.Unsigned, Inspect(WithHeader("""{"alg":"RS256"}""", signature: "")));
    }

    [Theory]
    [InlineData("a.b", nameof(TokenProblem.Malformed))]
    [InlineData("a.b.c.d", nameof(TokenProblem.Malformed))]
    [InlineData("a.b.c.d.e", nameof(TokenProblem.Encrypted))]
    [InlineData("a.b.c.d.e.f", nameof(TokenProblem.Malformed))]
    [InlineData("a=.b.c", nameof(TokenProblem.Malformed))]
    [InlineData("a+/.b.c", nameof(TokenProblem.Malformed))]
    [InlineData(".b.c", nameof(TokenProblem.Malformed))]
    public void Inspect_Segments_Judged(string token, string expected)
    {
        Assert.Equal(expected, Inspect(token).ToString());
    }

    [Fact]
    public void Inspect_DuplicatePayloadMember_Malformed()
    {
        var token = $"{UnitTokens.Encode("""{"alg":"RS256"}""")}.{UnitTokens.Encode("""{"sub":"a","sub":"b"}""")}.c2ln";

        Assert.Equal(TokenProblem.Malformed, Inspect(token));
    }

    [Fact]
    public void Inspect_OverMaxLength_TooLargeBeforeDecoding()
    {
        Assert.Equal(TokenProblem.TooLarge, Inspect(new string('a', 1025), max: 1024));
    }
}
