using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// Checks a token's structure before any key is used, so that nothing the token says about its own verification is
/// trusted: the length is capped before decoding; only three-segment JWS is accepted (a JWE is refused unopened);
/// header and payload must be JSON objects without duplicate members (RFC 7515 §4 lets a recipient reject them,
/// and a parser that kept the first where the signer meant the last would be a desync); <c>alg</c> must be one the
/// policy allows, never <c>none</c>; a <c>crit</c> header is refused. <c>jku</c>, <c>x5u</c>, <c>jwk</c> and
/// <c>x5c</c> are never read: keys come from the policy's configuration only.
/// </summary>
internal static class TokenShape
{
    public static TokenProblem Inspect(string token, int maxLength, IReadOnlySet<string> algorithms, out string? keyId)
    {
        keyId = null;
        if (token.Length > maxLength)
        {
            return TokenProblem.TooLarge;
        }

        var dots = token.AsSpan().Count('.');
        if (dots == 4)
        {
            return TokenProblem.Encrypted;
        }

        if (dots != 2)
        {
            return TokenProblem.Malformed;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = token.IndexOf('.', first + 1);
        var header = token.AsSpan(0, first);
        var payload = token.AsSpan(first + 1, second - first - 1);
        var signature = token.AsSpan(second + 1);
        if (header.IsEmpty || payload.IsEmpty || !IsBase64Url(header) || !IsBase64Url(payload) || !IsBase64Url(signature))
        {
            return TokenProblem.Malformed;
        }

        var problem = InspectHeader(header, out var algorithm, out keyId);
        if (problem != TokenProblem.None)
        {
            return problem;
        }

        if (string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase) || signature.IsEmpty)
        {
            return TokenProblem.Unsigned;
        }

        if (!algorithms.Contains(algorithm!))
        {
            return TokenProblem.AlgorithmNotAllowed;
        }

        return WithJson(payload, static reader => IsObjectWithUniqueMembers(ref reader, out _, out _, out _) ? TokenProblem.None : TokenProblem.Malformed);
    }

    private static TokenProblem InspectHeader(ReadOnlySpan<char> header, out string? algorithm, out string? keyId)
    {
        string? alg = null;
        string? kid = null;
        var problem = WithJson(header, reader =>
        {
            if (!IsObjectWithUniqueMembers(ref reader, out var foundAlg, out var foundKid, out var critical))
            {
                return TokenProblem.Malformed;
            }

            alg = foundAlg;
            kid = foundKid;
            return critical ? TokenProblem.CriticalHeader : alg is null ? TokenProblem.Malformed : TokenProblem.None;
        });
        algorithm = alg;
        keyId = kid;
        return problem;
    }

    private delegate TokenProblem JsonInspector(Utf8JsonReader reader);

    private static TokenProblem WithJson(ReadOnlySpan<char> segment, JsonInspector inspect)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(segment.Length));
        try
        {
            if (Base64Url.DecodeFromChars(segment, buffer, out _, out var written) != OperationStatus.Done)
            {
                return TokenProblem.Malformed;
            }

            return inspect(new Utf8JsonReader(buffer.AsSpan(0, written), new JsonReaderOptions { MaxDepth = 32 }));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// True when the JSON is one object whose top-level member names are all different; reads <c>alg</c> and
    /// <c>kid</c> (strings, else false) and notes whether <c>crit</c> is present.
    /// </summary>
    private static bool IsObjectWithUniqueMembers(ref Utf8JsonReader reader, out string? alg, out string? kid, out bool crit)
    {
        alg = null;
        kid = null;
        crit = false;
        var names = new List<string>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (names.Contains(name, StringComparer.Ordinal))
                {
                    return false;
                }

                names.Add(name);
                if (!reader.Read())
                {
                    return false;
                }

                switch (name)
                {
                    case "alg" or "kid" when reader.TokenType != JsonTokenType.String:
                        return false;
                    case "alg":
                        alg = reader.GetString();
                        break;
                    case "kid":
                        kid = reader.GetString();
                        break;
                    case "crit":
                        crit = true;
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            // The object must close and nothing may follow it.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
