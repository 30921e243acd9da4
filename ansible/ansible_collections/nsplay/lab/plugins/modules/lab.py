#!/usr/bin/python
# -*- coding: utf-8 -*-
"""nsplay.lab.lab: bring an nsplay lab up or down on the managed host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: lab
short_description: Bring an nsplay network-namespace lab up or down
version_added: "0.1.0"
description:
  - Runs C(nsplay up --json) (I(state=present)) or C(nsplay down) (I(state=absent)) on the
    managed host, and reports what nsplay did in Ansible's terms.
  - C(changed) comes from nsplay's recap (C(changed) > 0 for up, C(removed) > 0 for down), so a
    second run of the same lab reports C(changed=false); drift (an object deleted by hand) is
    repaired by nsplay and reported as a change.
  - nsplay itself stays one program per host; Ansible is the orchestrator.
  - Check mode runs C(nsplay up --check --detailed-exitcode), which changes nothing. Diff mode
    adds C(--diff); each changed task's before and after become the task's diff.
options:
  playbook:
    description:
      - Path of the nsplay playbook on the managed host.
      - One of I(playbook) and I(src) is required.
    type: path
  src:
    description:
      - Path of the nsplay playbook on the controller (searched like C(copy)'s I(src)); the
        collection's action plugin copies it to a temporary file on the managed host for the run
        and removes it after.
      - Files that the playbook imports (C(import_tasks)) are not copied along; copy them with
        C(ansible.builtin.copy) and use I(playbook) for such a lab.
    type: path
  vars:
    description:
      - Variables for the playbook, written to a temporary file on the managed host and passed
        as C(-e @FILE) (over the playbook's own C(vars)).
    type: dict
    default: {}
  state:
    description:
      - C(present) brings the lab up (and repairs drift); C(absent) removes everything the lab
        created, from its journal.
    type: str
    choices: [present, absent]
    default: present
  host_netns:
    description:
      - Let an existing namespace play the host (C(--host-netns)); bridges, NAT and the host ends
        of veth pairs live there. Used to simulate several machines on one.
    type: str
  tags:
    description:
      - Run only the nsplay tasks with one of these tags (C(--tags)).
    type: list
    elements: str
  instance:
    description:
      - One instance of the lab (C(--instance)), 1-9999; the lab is then C(NAME-ID).
    type: str
  nsplay:
    description:
      - The nsplay command to run (a name on C(PATH), or a path).
    type: str
    default: nsplay
notes:
  - Needs root on the managed host (C(become=true)), like nsplay itself.
  - For I(state=absent) the lab's name is taken from the playbook as rendered with I(vars)
    (C(nsplay validate)), so a templated lab name such as C(lab-${host}) works.
  - Supports check mode and diff mode.
requirements:
  - nsplay on the managed host (the role C(nsplay.lab.install) installs it)
author:
  - nsplay project
"""

EXAMPLES = r"""
- name: Bring the lab up from a playbook already on the host
  nsplay.lab.lab:
    playbook: /srv/labs/site-lab.yml
    vars:
      underlay: 10.0.0.1/24
      remotes: [10.0.0.2, 10.0.0.3]
  become: true

- name: Bring the lab up from a playbook on the controller
  nsplay.lab.lab:
    src: lab.yml
    host_netns: "{{ sandbox | default(omit) }}"

- name: Remove the lab
  nsplay.lab.lab:
    src: lab.yml
    state: absent
"""

RETURN = r"""
lab:
  description: The lab's name, as nsplay rendered it.
  returned: always
  type: str
  sample: multihost-h1
recap:
  description:
    - nsplay's recap. For I(state=present) the C(recap) event of C(nsplay up --json)
      (C(ok), C(changed), C(failed), C(skipped), C(ignored)); for I(state=absent) the counts of
      C(nsplay down) (C(removed), C(kept), C(failed)).
  returned: when nsplay ran
  type: dict
  sample: {"lab": "multihost-h1", "ok": 3, "changed": 12, "failed": 0, "skipped": 0, "ignored": 0}
results:
  description:
    - One C(task_result) event of C(nsplay up --json) per task (and per loop item), in order
      (C(task), C(item), C(status), C(changed), C(message), C(operations), C(facts), C(diff)...).
  returned: when I(state=present) and nsplay ran
  type: list
  elements: dict
cmd:
  description: The nsplay command line that ran.
  returned: always
  type: list
  elements: str
rc:
  description: nsplay's exit code.
  returned: when nsplay ran
  type: int
stdout:
  description: nsplay's standard output (for I(state=absent), its REMOVE lines).
  returned: when nsplay ran
  type: str
stderr:
  description: nsplay's standard error (located errors of a bad playbook are here).
  returned: when nsplay ran
  type: str
"""

import json
import os
import re
import tempfile

from ansible.module_utils.basic import AnsibleModule

STATE_ROOT = "/run/nsplay"


def base_args(p, vars_file):
    args = []
    if vars_file:
        args += ["-e", "@" + vars_file]
    if p["instance"]:
        args += ["--instance", str(p["instance"])]
    if p["host_netns"]:
        args += ["--host-netns", p["host_netns"]]
    return args


def lab_name(module, p, vars_file):
    """The lab's name as nsplay renders it (templates and vars), with the instance suffix."""
    cmd = [p["nsplay"], "validate"] + (["-e", "@" + vars_file] if vars_file else [])
    cmd.append(p["playbook"])
    rc, out, err = module.run_command(cmd)
    m = re.search(r": lab (\S+), ", out)
    if rc != 0 or not m:
        module.fail_json(
            msg="nsplay validate failed: " + (err or out).strip(), cmd=cmd, rc=rc,
            stdout=out, stderr=err)
    name = m.group(1)
    if p["instance"]:
        name += "-" + str(p["instance"])
    return name


def up(module, p, vars_file):
    cmd = [p["nsplay"], "up", "--json"] + base_args(p, vars_file)
    if p["tags"]:
        cmd += ["--tags", ",".join(p["tags"])]
    if module.check_mode:
        cmd += ["--check", "--detailed-exitcode"]
    if module._diff:
        cmd.append("--diff")
    cmd.append(p["playbook"])
    rc, out, err = module.run_command(cmd)
    results, recap = [], None
    for line in out.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "task_result":
            results.append(event)
        elif event.get("event") == "recap":
            recap = event
    res = dict(cmd=cmd, rc=rc, stdout=out, stderr=err, results=results, recap=recap,
               lab=recap.get("lab") if recap else None)
    # --detailed-exitcode: 2 means "changes pending", not a failure.
    ok_codes = (0, 2) if module.check_mode else (0,)
    if recap is None or rc not in ok_codes or recap.get("failed", 0) > 0:
        failed = [r for r in results if r.get("status") == "failed" and not r.get("ignored")]
        if failed:
            msg = "; ".join(
                "%s%s: %s" % (r.get("task"), " (%s)" % r["item"] if r.get("item") else "",
                              r.get("message"))
                for r in failed)
        else:
            msg = (err or out).strip() or "nsplay up exited with %d" % rc
        module.fail_json(msg=msg, changed=bool(recap and recap.get("changed", 0) > 0), **res)
    res["changed"] = recap.get("changed", 0) > 0
    if module._diff:
        diffs = []
        for r in results:
            d = r.get("diff")
            if d:
                header = r.get("task") + (" (%s)" % r["item"] if r.get("item") else "")
                diffs.append(dict(before=(d.get("before") or "") + "\n",
                                  after=(d.get("after") or "") + "\n",
                                  before_header=header, after_header=header))
        if diffs:
            res["diff"] = diffs
    return res


def down(module, p, vars_file):
    name = lab_name(module, p, vars_file)
    cmd = [p["nsplay"], "down", "--lab", name]
    if module.check_mode:
        # down has no dry run: the lab would be removed when its state folder exists.
        return dict(cmd=cmd, lab=name, changed=os.path.isdir(os.path.join(STATE_ROOT, name)))
    if p["host_netns"]:
        cmd += ["--host-netns", p["host_netns"]]
    rc, out, err = module.run_command(cmd)
    recap = None
    m = re.search(r"RECAP \S+: removed=(\d+) kept=(\d+) failed=(\d+)", out)
    if m:
        recap = dict(lab=name, removed=int(m.group(1)), kept=int(m.group(2)),
                     failed=int(m.group(3)))
    res = dict(cmd=cmd, rc=rc, stdout=out, stderr=err, recap=recap, lab=name)
    if rc != 0:
        module.fail_json(msg=(err or out).strip() or "nsplay down exited with %d" % rc, **res)
    res["changed"] = bool(recap and recap["removed"] > 0)
    return res


def main():
    module = AnsibleModule(
        argument_spec=dict(
            playbook=dict(type="path"),
            src=dict(type="path"),
            vars=dict(type="dict", default={}),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            host_netns=dict(type="str"),
            tags=dict(type="list", elements="str"),
            instance=dict(type="str"),
            nsplay=dict(type="str", default="nsplay"),
        ),
        mutually_exclusive=[("playbook", "src")],
        required_one_of=[("playbook", "src")],
        supports_check_mode=True,
    )
    p = module.params
    if p["src"]:
        module.fail_json(msg="src is copied by the nsplay.lab.lab action plugin; call the module"
                             " as nsplay.lab.lab, or give playbook (a path on the host)")
    if not os.path.isfile(p["playbook"]):
        module.fail_json(msg="no playbook at %s on this host" % p["playbook"])
    vars_file = None
    try:
        if p["vars"]:
            fd, vars_file = tempfile.mkstemp(prefix="nsplay-vars-", suffix=".yml")
            with os.fdopen(fd, "w") as f:
                json.dump(p["vars"], f)  # JSON is YAML: nsplay reads it as -e @FILE
        if p["state"] == "present":
            res = up(module, p, vars_file)
        else:
            res = down(module, p, vars_file)
    finally:
        if vars_file:
            os.unlink(vars_file)
    module.exit_json(**res)


if __name__ == "__main__":
    main()
