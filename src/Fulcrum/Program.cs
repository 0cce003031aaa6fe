using Fulcrum.Cli;
using Fulcrum.Hosting;

RuntimeSettings.Apply();
return await FulcrumCli.Build().Parse(args).InvokeAsync();
