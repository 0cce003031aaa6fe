using System.Security.Claims;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// The outcome of validating one request's token with one jwt policy, kept on the request (in its features) so that
/// routing on claims and the policy itself validate once between them.
/// </summary>
internal sealed class TokenCheck(JwtPolicy policy, TokenProblem problem, ClaimsIdentity? identity = null)
{
    /// <summary>Which policy judged; another policy on the same request judges again with its own settings.</summary>
    public JwtPolicy Policy { get; } = policy;

    public TokenProblem Problem { get; } = problem;

    /// <summary>The token's claims, when <see cref="Problem"/> is <see cref="TokenProblem.None"/>.</summary>
    public ClaimsIdentity? Identity { get; } = identity;
}
