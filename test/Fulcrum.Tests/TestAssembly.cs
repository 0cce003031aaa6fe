// Every test of this assembly is watched: one that hangs ends the run with its name (see HangWatchdogAttribute).
[assembly: Fulcrum.Tests.Common.HangWatchdog]
