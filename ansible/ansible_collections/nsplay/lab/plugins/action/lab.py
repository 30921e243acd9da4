# -*- coding: utf-8 -*-
"""Action plugin of nsplay.lab.lab: copies I(src) from the controller, then runs the module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        src = args.pop("src", None)
        if src is None:
            result.update(self._execute_module(
                module_name="nsplay.lab.lab", module_args=args, task_vars=task_vars))
            return result
        if args.get("playbook"):
            result.update(failed=True, msg="playbook and src exclude each other")
            return result
        try:
            local = self._loader.get_real_file(self._find_needle("files", src))
        except AnsibleError as e:
            result.update(failed=True, msg="src: %s" % e)
            return result
        try:
            if not self._connection._shell.tmpdir:
                self._make_tmp_path()
            remote = self._connection._shell.join_path(
                self._connection._shell.tmpdir, "nsplay-playbook.yml")
            self._transfer_file(local, remote)
            self._fixup_perms2((self._connection._shell.tmpdir, remote))
            args["playbook"] = remote
            result.update(self._execute_module(
                module_name="nsplay.lab.lab", module_args=args, task_vars=task_vars))
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
