package main

import (
	"net/http"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/ecsd/ecsd/internal/compute"
	"github.com/ecsd/ecsd/internal/fault"
)

func newAdminFaultCommand(c *adminClient) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fault",
		Short: "Add, list and delete fault rules",
		Long: `Add, list and delete the fault rules of a running ecsd. A rule matches the calls
of one cloud to one action, and optionally of one account and naming one
instance; it answers them with an error code of that vendor, delays them,
drops their connection, makes their launch fail, or leaves the instances
they act on in their transitional status. It fires with a probability, or
for the next N calls, and counts how often it fired.

Rules live in the server's process: each ecsd node has its own, and a
restart forgets them (serve --faults loads some on start).`,
	}
	var spec fault.Spec
	var cloud string
	var probability float64
	add := &cobra.Command{
		Use:   "add",
		Short: "Add a rule; prints it with its ID",
		Example: `  ecsd admin fault add --cloud tencent --action DescribeInstances --code RequestLimitExceeded --count 1
  ecsd admin fault add --cloud aliyun --action DescribeInstances --code Throttling.User --probability 0.5
  ecsd admin fault add --cloud zenlayer --action CreateZecInstances --latency 2s --launch-fails
  ecsd admin fault add --cloud tencent --action StopInstances --instance ins-1a2b3c4d --stuck`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec.Cloud = compute.Cloud(cloud)
			if cmd.Flags().Changed("probability") {
				spec.Probability = &probability
			}
			return c.call(cmd, http.MethodPost, "/v1/faults", spec)
		},
	}
	f := add.Flags()
	f.StringVar(&cloud, "cloud", "", "aliyun, tencent or zenlayer (required)")
	f.StringVar(&spec.Action, "action", "", "the action, as the vendor names it (required)")
	f.StringVar(&spec.Account, "account", "", "only the calls of the account of this name")
	f.StringVar(&spec.Instance, "instance", "", "only the calls that name this instance ID")
	f.StringVar(&spec.Code, "code", "", "answer with this error code of the vendor")
	f.IntVar(&spec.HTTPStatus, "http-status", 0, "with --code, the HTTP status; the vendor's for the code when not given")
	f.StringVar(&spec.Message, "message", "", "with --code, the message; the vendor's for the code when not given")
	f.StringVar(&spec.Latency, "latency", "", "delay the calls this long (2s, 150ms) before serving them or doing the rest")
	f.Float64Var(&probability, "probability", 1, "the chance that a matching call fires the rule, above 0 and at most 1")
	f.IntVar(&spec.Count, "count", 0, "fire for the next N matching calls only; 0 for every one")
	f.BoolVar(&spec.Drop, "drop", false, "close the connection without an answer")
	f.BoolVar(&spec.LaunchFails, "launch-fails", false, "make the launches end in the vendor's failed state")
	f.BoolVar(&spec.Stuck, "stuck", false, "leave the instances in their transitional status until the rule is deleted or they are acted on")
	_ = add.MarkFlagRequired("cloud")
	_ = add.MarkFlagRequired("action")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the rules, with how often each fired",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.call(cmd, http.MethodGet, "/v1/faults", nil)
		},
	}
	del := &cobra.Command{
		Use:     "delete RULE_ID",
		Short:   "Delete a rule; the instances it held settle",
		Example: "  ecsd admin fault delete fault-1",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.call(cmd, http.MethodDelete, "/v1/faults/"+url.PathEscape(args[0]), nil)
		},
	}
	cmd.AddCommand(add, list, del)
	return cmd
}
