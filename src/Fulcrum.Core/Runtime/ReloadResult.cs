using Fulcrum.Configuration;

namespace Fulcrum.Runtime;

/// <summary>The outcome of one reload attempt, kept for the admin API and logs.</summary>
internal sealed record ReloadResult(bool Succeeded, long Generation, string Reason, IReadOnlyList<ConfigError> Errors, DateTimeOffset At);
