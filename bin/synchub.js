#!/usr/bin/env node
'use strict';
// SyncHub pins its Node version (20) and AWS SDK release; the SDK's notice about future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/src/cli/main.js');
