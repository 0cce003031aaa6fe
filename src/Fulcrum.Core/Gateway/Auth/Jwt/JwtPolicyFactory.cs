using Fulcrum.Configuration;
using Fulcrum.Configuration.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

internal sealed class JwtPolicyFactory : IPolicyFactory
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinRefresh = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxFetchTimeout = TimeSpan.FromMinutes(1);
    public const long MinTokenSize = 1024;
    public const long MaxTokenSize = 64 * 1024;

    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var jwt = (JwtPolicyConfig)config;
        var kinds = ValidateKeySources(jwt, path, errors);
        ValidateAlgorithms(jwt, kinds, path, errors);

        if (jwt.Issuer is null && jwt.Authority is null)
        {
            errors.Add($"{path}.issuer", "an issuer is required (the iss every token must carry); with authority it defaults to the discovered one");
        }
        else if (jwt.Issuer is { Length: 0 })
        {
            errors.Add($"{path}.issuer", "the issuer cannot be empty");
        }

        if (jwt.Audiences.Count == 0)
        {
            errors.Add($"{path}.audiences", "at least one audience is required: a token issued for another service must not be accepted here");
        }

        for (var i = 0; i < jwt.Audiences.Count; i++)
        {
            if (jwt.Audiences[i].Length == 0)
            {
                errors.Add($"{path}.audiences[{i}]", "an audience cannot be empty");
            }
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > MaxClockSkew)
        {
            errors.Add($"{path}.clockSkew", $"must be between 0s and {Duration.Format(MaxClockSkew)}");
        }

        AtLeast(errors, $"{path}.refreshInterval", jwt.RefreshInterval, MinRefresh);
        AtLeast(errors, $"{path}.refreshCooldown", jwt.RefreshCooldown, MinRefresh);
        if (jwt.FetchTimeout <= TimeSpan.Zero || jwt.FetchTimeout > MaxFetchTimeout)
        {
            errors.Add($"{path}.fetchTimeout", $"must be greater than zero and at most {Duration.Format(MaxFetchTimeout)}");
        }

        if (jwt.MaxTokenSize is < MinTokenSize or > MaxTokenSize)
        {
            errors.Add($"{path}.maxTokenSize", $"must be between {MinTokenSize / 1024}KiB and {MaxTokenSize / 1024}KiB");
        }

        ValidateTokenSource(jwt, path, errors);
        ValidateClaims(jwt, path, errors);
        AuthRules.Realm(errors, $"{path}.realm", jwt.Realm);
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var jwt = (JwtPolicyConfig)config;
        var logger = context.LoggerFactory.CreateLogger<JwtPolicy>();
        var inline = InlineSigningKeys(jwt);
        var kinds = jwt.JwksUrl is not null || jwt.Authority is not null
            ? new HashSet<SigningKeyKind> { SigningKeyKind.Rsa, SigningKeyKind.EllipticCurve }
            : inline.Select(SigningAlgorithms.KindOf).ToHashSet();
        var algorithms = EffectiveAlgorithms(jwt, kinds);
        ISigningKeySource source = jwt.JwksUrl is not null || jwt.Authority is not null
            ? new RemoteSigningKeySource(
                name,
                jwt.JwksUrl is null ? null : new Uri(jwt.JwksUrl),
                jwt.Authority is null ? null : new Uri(jwt.Authority),
                jwt,
                algorithms,
                context.Time,
                logger)
            : new StaticSigningKeySource(new SigningKeys(inline));
        return new JwtPolicy(name, jwt, source, algorithms, context.Time, logger);
    }

    /// <summary>The algorithms a token may use: those configured (or all) that fit the kinds of keys configured.</summary>
    public static HashSet<string> EffectiveAlgorithms(JwtPolicyConfig config, IReadOnlySet<SigningKeyKind> kinds) =>
        (config.Algorithms.Count == 0 ? SigningAlgorithms.All : config.Algorithms)
            .Where(a => kinds.Contains(SigningAlgorithms.KindOf(a)))
            .ToHashSet(StringComparer.Ordinal);

    private static List<SecurityKey> InlineSigningKeys(JwtPolicyConfig config)
    {
        var keys = new List<SecurityKey>();
        if (config.Secret is { } secret && InlineKeys.TryDecodeSecret(secret, out var bytes, out _))
        {
            keys.Add(new SymmetricSecurityKey(bytes));
        }

        foreach (var pem in config.PublicKeys)
        {
            if (InlineKeys.TryParsePublicKey(pem, out var key, out _))
            {
                keys.Add(key!);
            }
        }

        return keys;
    }

    /// <summary>Checks the one source of keys and returns the kinds of keys it provides.</summary>
    private static HashSet<SigningKeyKind> ValidateKeySources(JwtPolicyConfig jwt, string path, ConfigErrors errors)
    {
        var kinds = new HashSet<SigningKeyKind>();
        var inline = jwt.Secret is not null || jwt.PublicKeys.Count > 0;
        var sources = (jwt.JwksUrl is null ? 0 : 1) + (jwt.Authority is null ? 0 : 1) + (inline ? 1 : 0);
        if (sources != 1)
        {
            errors.Add(path, sources == 0
                ? "no keys: give jwksUrl, authority, or inline secret / publicKeys"
                : "give one source of keys: jwksUrl, authority, or inline secret / publicKeys");
        }

        foreach (var (key, url) in new[] { ("jwksUrl", jwt.JwksUrl), ("authority", jwt.Authority) })
        {
            if (url is null)
            {
                continue;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                errors.Add($"{path}.{key}", $"'{url}' is not an absolute URL");
                continue;
            }

            if (JwksClient.UrlProblem(uri, jwt.RequireHttps) is { } problem)
            {
                errors.Add($"{path}.{key}", $"'{url}' {problem}");
            }
            else if (key == "authority" && (uri.Query.Length > 0 || uri.Fragment.Length > 0))
            {
                errors.Add($"{path}.{key}", $"'{url}' must not have a query or fragment: it is the issuer URL");
            }

            kinds.Add(SigningKeyKind.Rsa);
            kinds.Add(SigningKeyKind.EllipticCurve);
        }

        if (jwt.Secret is { } secret)
        {
            if (InlineKeys.TryDecodeSecret(secret, out _, out var error))
            {
                kinds.Add(SigningKeyKind.Hmac);
            }
            else
            {
                errors.Add($"{path}.secret", error!);
            }
        }

        for (var i = 0; i < jwt.PublicKeys.Count; i++)
        {
            if (InlineKeys.TryParsePublicKey(jwt.PublicKeys[i], out var key, out var error))
            {
                kinds.Add(SigningAlgorithms.KindOf(key!));
            }
            else
            {
                errors.Add($"{path}.publicKeys[{i}]", error!);
            }
        }

        return kinds;
    }

    private static void ValidateAlgorithms(JwtPolicyConfig jwt, HashSet<SigningKeyKind> kinds, string path, ConfigErrors errors)
    {
        var known = true;
        for (var i = 0; i < jwt.Algorithms.Count; i++)
        {
            var algorithm = jwt.Algorithms[i];
            if (string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{path}.algorithms[{i}]", "'none' means unsigned tokens, which are never accepted");
                known = false;
            }
            else if (!SigningAlgorithms.All.Contains(algorithm))
            {
                errors.Add($"{path}.algorithms[{i}]", $"'{algorithm}' is not one of {string.Join(", ", SigningAlgorithms.All)}{DidYouMean.Suffix(algorithm, SigningAlgorithms.All)}");
                known = false;
            }
            else if (kinds.Count > 0 && !kinds.Contains(SigningAlgorithms.KindOf(algorithm)))
            {
                errors.Add($"{path}.algorithms[{i}]", $"'{algorithm}' needs {Describe(SigningAlgorithms.KindOf(algorithm))}, and none is configured");
                known = false;
            }
        }

        if (known && kinds.Count > 0 && EffectiveAlgorithms(jwt, kinds).Count == 0)
        {
            errors.Add($"{path}.algorithms", "no algorithm fits the configured keys");
        }
    }

    private static void ValidateTokenSource(JwtPolicyConfig jwt, string path, ConfigErrors errors)
    {
        var given = (jwt.Header is null ? 0 : 1) + (jwt.Cookie is null ? 0 : 1) + (jwt.Query is null ? 0 : 1);
        if (given > 1)
        {
            errors.Add(path, "give at most one of header, cookie and query (the default is Authorization: Bearer)");
        }

        if (jwt.Header is { } header)
        {
            HeaderRules.Name(errors, $"{path}.header", header);
        }

        if (jwt.Cookie is { } cookie && !IsToken(cookie))
        {
            errors.Add($"{path}.cookie", $"'{cookie}' is not a cookie name");
        }

        if (jwt.Query is { } query && (query.Length == 0 || !query.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"{path}.query", $"'{query}' is not a query parameter name (letters, digits, '-', '_', '.')");
        }
    }

    private static void ValidateClaims(JwtPolicyConfig jwt, string path, ConfigErrors errors)
    {
        foreach (var (claim, values) in jwt.RequireClaims)
        {
            if (claim.Length == 0)
            {
                errors.Add($"{path}.requireClaims", "a claim name cannot be empty");
            }

            if (values.Count == 0)
            {
                errors.Add($"{path}.requireClaims.{claim}", "an empty list can never be satisfied: give at least one value");
            }

            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Length == 0)
                {
                    errors.Add($"{path}.requireClaims.{claim}[{i}]", "a claim value cannot be empty");
                }
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (claim, header) in jwt.ForwardClaims)
        {
            if (claim.Length == 0)
            {
                errors.Add($"{path}.forwardClaims", "a claim name cannot be empty");
            }

            HeaderRules.RequestName(errors, $"{path}.forwardClaims.{claim}", header);
            if (!headers.TryAdd(header, claim))
            {
                errors.Add($"{path}.forwardClaims.{claim}", $"header '{header}' already carries claim '{headers[header]}'");
            }
        }

        if (jwt.ConsumerClaim.Length == 0)
        {
            errors.Add($"{path}.consumerClaim", "a claim name is required");
        }
    }

    private static void AtLeast(ConfigErrors errors, string path, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            errors.Add(path, $"must be at least {Duration.Format(minimum)}");
        }
    }

    private static string Describe(SigningKeyKind kind) => kind switch
    {
        SigningKeyKind.Hmac => "a shared secret",
        SigningKeyKind.Rsa => "an RSA key",
        _ => "an EC key",
    };

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
