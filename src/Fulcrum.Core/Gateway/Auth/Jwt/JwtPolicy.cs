using System.Security.Claims;
using Fulcrum.Pipeline;
using Fulcrum.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// Admits a request whose token is signed by a trusted key, from the configured issuer, for one of the audiences,
/// and within its lifetime; then checks <c>requireClaims</c>, names the consumer, forwards the configured claims as
/// headers and removes the token. Refuses with 401 and a <c>WWW-Authenticate: Bearer</c> challenge (RFC 6750), 400
/// for a token given twice, 403 when a required claim is missing or holds another value, and 503 only while remote
/// keys have never been fetched. Never 500: an unexpected failure is logged and answered 401.
/// </summary>
/// <remarks>
/// Validation order: where the token is (<see cref="TokenReader"/>) → its structure (<see cref="TokenShape"/>, before
/// any key is touched) → keys (<see cref="ISigningKeySource"/>; an unknown <c>kid</c> may refresh remote keys) →
/// signature, issuer, audience and lifetime by <see cref="JsonWebTokenHandler"/>, with each key allowed only its own
/// kind of algorithm (<see cref="SigningAlgorithms"/>). The outcome is kept on the request (<see cref="TokenCheck"/>),
/// so a route matching on claims (<see cref="ITokenClaimsSource"/>) and this policy validate once between them.
/// Thread-safe; the instance lives as long as its config is unchanged, with its cached keys.
/// </remarks>
internal sealed class JwtPolicy : IRequestPolicy, ITokenClaimsSource, IAsyncDisposable
{
    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);
    private readonly string _name;
    private readonly JwtPolicyConfig _config;
    private readonly ISigningKeySource _keys;
    private readonly IReadOnlySet<string> _algorithms;
    private readonly ClaimsMatcher? _requiredClaims;
    private readonly KeyValuePair<string, string>[] _forwardClaims;
    private readonly TokenReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JsonWebTokenHandler _handler;
    private readonly AuthRejection[] _rejections;
    private volatile ValidationSnapshot? _snapshot;

    public JwtPolicy(string name, JwtPolicyConfig config, ISigningKeySource keys, IReadOnlySet<string> algorithms, TimeProvider time, ILogger logger)
    {
        _name = name;
        _config = config;
        _keys = keys;
        _algorithms = algorithms;
        _requiredClaims = ClaimsMatcher.Compile(config.RequireClaims);
        _forwardClaims = [.. config.ForwardClaims];
        _reader = TokenReader.For(config);
        _time = time;
        _logger = logger;
        _handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = (int)config.MaxTokenSize, MapInboundClaims = false };
        _rejections = Rejections(config.Realm, _reader);
    }

    public ISigningKeySource KeySource => _keys;

    public async ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request)
    {
        var check = Remembered(context);
        if (check is null)
        {
            var pending = CheckAsync(context);
            check = pending.IsCompletedSuccessfully ? pending.Result : await pending;
        }

        var identity = check.Identity;
        var problem = check.Problem != TokenProblem.None ? check.Problem
            : _requiredClaims is not null && !_requiredClaims.IsMatch(identity!) ? TokenProblem.InsufficientClaims
            : TokenProblem.None;
        if (problem != TokenProblem.None)
        {
            // Removed on refusal too: a token in the query string would otherwise reach the access log.
            _reader.Remove(context);
            var rejection = _rejections[(int)problem];
            AuthMetrics.RecordRejection(_name, request.Route?.Name, rejection.Reason);
            await rejection.WriteAsync(context);
            return false;
        }

        request.Identity = identity;
        request.Consumer = identity!.FindFirst(_config.ConsumerClaim)?.Value;
        ForwardClaims(context.Request.Headers, identity);
        if (!_config.ForwardToken)
        {
            _reader.Remove(context);
        }

        return true;
    }

    /// <summary>For routing on claims: synchronous, as route matching is.</summary>
    /// <remarks>
    /// The proxy handler awaits <see cref="PrepareAsync"/> before routing, so the outcome is normally remembered
    /// already. Only a caller that skipped it (a test of the route table alone) can make this wait for a key fetch,
    /// bounded by <c>fetchTimeout</c>.
    /// </remarks>
    public ClaimsIdentity? ValidatedClaims(HttpContext context)
    {
        var check = Remembered(context);
        if (check is null)
        {
            var pending = CheckAsync(context);
            check = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        }

        return check.Problem == TokenProblem.None ? check.Identity : null;
    }

    /// <summary>
    /// Validates before routing, awaiting the key fetch a rotated key needs, so a token signed with a newly
    /// published key routes correctly from its first request without a thread blocked on the fetch.
    /// </summary>
    public ValueTask PrepareAsync(HttpContext context)
    {
        var pending = CheckAsync(context);
        return pending.IsCompletedSuccessfully ? default : new ValueTask(pending.AsTask());
    }

    /// <summary>Validates the request's token, once per request and policy.</summary>
    public ValueTask<TokenCheck> CheckAsync(HttpContext context)
    {
        if (Remembered(context) is { } remembered)
        {
            return ValueTask.FromResult(remembered);
        }

        try
        {
            var problem = _reader.Read(context, out var token);
            if (problem == TokenProblem.None)
            {
                problem = TokenShape.Inspect(token!, (int)_config.MaxTokenSize, _algorithms, out var keyId);
                if (problem == TokenProblem.None)
                {
                    var keys = _keys.Current;
                    _keys.RefreshIfStale();
                    if (keys is null || IsUnknown(keys, keyId))
                    {
                        return RefreshThenValidateAsync(context, token!, keyId);
                    }

                    return ValueTask.FromResult(Remember(context, Validate(token!, keyId, keys)));
                }
            }

            return ValueTask.FromResult(Remember(context, new TokenCheck(this, problem)));
        }
        catch (Exception e)
        {
            return ValueTask.FromResult(Remember(context, Crashed(e)));
        }
    }

    private async ValueTask<TokenCheck> RefreshThenValidateAsync(HttpContext context, string token, string? keyId)
    {
        try
        {
            var keys = await _keys.RefreshForUnknownKeyAsync();
            return Remember(context, keys is null ? new TokenCheck(this, TokenProblem.KeysUnavailable) : Validate(token, keyId, keys));
        }
        catch (Exception e)
        {
            return Remember(context, Crashed(e));
        }
    }

    /// <summary>A key id remote keys do not hold; inline keys carry no ids, so every one of them is tried.</summary>
    private bool IsUnknown(SigningKeys keys, string? keyId) => keyId is not null && _keys.CanRefresh && !keys.HasKeyId(keyId);

    private TokenCheck Validate(string token, string? keyId, SigningKeys keys)
    {
        if (IsUnknown(keys, keyId))
        {
            return new TokenCheck(this, TokenProblem.UnknownKey);
        }

        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return new TokenCheck(this, TokenProblem.Malformed);
        }

        // Without a ConfigurationManager the handler does no I/O and its task is already complete.
        var validation = _handler.ValidateTokenAsync(parsed, ParametersFor(keys));
        var result = validation.IsCompleted ? validation.Result : validation.GetAwaiter().GetResult();
        return result.IsValid
            ? new TokenCheck(this, TokenProblem.None, result.ClaimsIdentity)
            : new TokenCheck(this, ProblemOf(result.Exception));
    }

    private TokenCheck Crashed(Exception e)
    {
        AuthLog.TokenValidationCrashed(_logger, _name, e);
        return new TokenCheck(this, TokenProblem.Invalid);
    }

    private TokenCheck? Remembered(HttpContext context) =>
        context.Features.Get<TokenCheck>() is { } check && ReferenceEquals(check.Policy, this) ? check : null;

    private static TokenCheck Remember(HttpContext context, TokenCheck check)
    {
        context.Features.Set(check);
        return check;
    }

    private void ForwardClaims(IHeaderDictionary headers, ClaimsIdentity identity)
    {
        foreach (var (claim, header) in _forwardClaims)
        {
            // Whatever the client sent under this name is not the issuer's word: always replaced or removed.
            headers.Remove(header);
            StringValues values = default;
            foreach (var found in identity.FindAll(claim))
            {
                values = StringValues.Concat(values, ClaimHeaderValue.Encode(found.Value));
            }

            if (values.Count > 0)
            {
                headers[header] = values;
            }
        }
    }

    private TokenValidationParameters ParametersFor(SigningKeys keys)
    {
        var snapshot = _snapshot;
        if (snapshot is null || !ReferenceEquals(snapshot.Keys, keys))
        {
            snapshot = new ValidationSnapshot(keys, BuildParameters(keys));
            _snapshot = snapshot;
        }

        return snapshot.Parameters;
    }

    private TokenValidationParameters BuildParameters(SigningKeys keys)
    {
        var algorithms = _algorithms;
        return new TokenValidationParameters
        {
            ValidIssuer = _config.Issuer ?? keys.DiscoveredIssuer,
            ValidateIssuer = true,
            ValidAudiences = _config.Audiences,
            ValidateAudience = true,
            RequireAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = _config.ClockSkew,
            RequireSignedTokens = true,
            IssuerSigningKeys = keys.Keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = algorithms,
            AlgorithmValidator = (algorithm, key, _, _) => SigningAlgorithms.Allows(algorithm, key, algorithms),
            ValidateIssuerSigningKey = false,
            LifetimeValidator = ValidateLifetime,
            AuthenticationType = "jwt",
            NameClaimType = _config.ConsumerClaim,
        };
    }

    /// <summary>
    /// Lifetime against the policy's clock (IdentityModel's own check reads the system clock): <c>exp</c> is
    /// required, <c>nbf</c> optional, both with <c>clockSkew</c> of tolerance. The handler turns what this throws
    /// into the failed result's exception.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var skew = _config.ClockSkew;
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("the token has no expiry");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("nbf is after exp") { NotBefore = nbf, Expires = exp };
        }

        if (notBefore is { } early && early > now + skew)
        {
            throw new SecurityTokenNotYetValidException("the token is not valid yet") { NotBefore = early };
        }

        if (exp < now - skew)
        {
            throw new SecurityTokenExpiredException("the token has expired") { Expires = exp };
        }

        return true;
    }

    private static TokenProblem ProblemOf(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => TokenProblem.Expired,
        SecurityTokenNotYetValidException => TokenProblem.NotYetValid,
        SecurityTokenNoExpirationException => TokenProblem.NoExpiry,
        SecurityTokenInvalidIssuerException => TokenProblem.WrongIssuer,
        SecurityTokenInvalidAudienceException => TokenProblem.WrongAudience,
        SecurityTokenInvalidAlgorithmException => TokenProblem.AlgorithmNotAllowed,
        // The library reports "no key matched" when it tried every key and none verified; an unknown kid was already
        // caught before it (IsUnknown), so for the client both mean a signature the trusted keys do not make.
        SecurityTokenInvalidSignatureException => TokenProblem.BadSignature,
        SecurityTokenMalformedException or ArgumentException => TokenProblem.Malformed,
        _ => TokenProblem.Invalid,
    };

    private static AuthRejection[] Rejections(string realm, TokenReader reader)
    {
        var rejections = new AuthRejection[Enum.GetValues<TokenProblem>().Length];
        foreach (var problem in Enum.GetValues<TokenProblem>())
        {
            var (status, error, message) = problem switch
            {
                TokenProblem.None => (200, null, ""),
                TokenProblem.Missing => (401, "invalid_token", $"{reader.Expected} is required"),
                TokenProblem.Ambiguous => (400, "invalid_request", "the token is given more than once"),
                TokenProblem.TooLarge => (401, "invalid_token", "the token is too large"),
                TokenProblem.Malformed => (401, "invalid_token", "the token is malformed"),
                TokenProblem.Encrypted => (401, "invalid_token", "encrypted tokens are not accepted"),
                TokenProblem.Unsigned => (401, "invalid_token", "the token is not signed"),
                TokenProblem.CriticalHeader => (401, "invalid_token", "the token has a critical header the gateway does not understand"),
                TokenProblem.AlgorithmNotAllowed => (401, "invalid_token", "the token algorithm is not accepted"),
                TokenProblem.UnknownKey => (401, "invalid_token", "the token signing key is unknown"),
                TokenProblem.BadSignature => (401, "invalid_token", "the token signature is invalid"),
                TokenProblem.Expired => (401, "invalid_token", "the token has expired"),
                TokenProblem.NotYetValid => (401, "invalid_token", "the token is not valid yet"),
                TokenProblem.NoExpiry => (401, "invalid_token", "the token has no expiry"),
                TokenProblem.WrongIssuer => (401, "invalid_token", "the token issuer is not accepted"),
                TokenProblem.WrongAudience => (401, "invalid_token", "the token audience is not accepted"),
                TokenProblem.KeysUnavailable => (503, null, "the keys to verify tokens are not available yet"),
                TokenProblem.InsufficientClaims => (403, "insufficient_scope", "the token lacks a required claim"),
                _ => (401, "invalid_token", "the token is not valid"),
            };
            var challenge = error is null
                ? null
                : $"Bearer realm={AuthRejection.Quote(realm)}, error={AuthRejection.Quote(error)}, error_description={AuthRejection.Quote(message)}";
            rejections[(int)problem] = new AuthRejection(status, challenge, message, ReasonOf(problem));
        }

        return rejections;
    }

    /// <summary><c>NotYetValid</c> → <c>not_yet_valid</c>: the metrics tag.</summary>
    private static string ReasonOf(TokenProblem problem) =>
        string.Concat(problem.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public ValueTask DisposeAsync() => _keys.DisposeAsync();

    private sealed record ValidationSnapshot(SigningKeys Keys, TokenValidationParameters Parameters);
}
