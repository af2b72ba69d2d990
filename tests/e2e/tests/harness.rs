//! The harness itself: a start whose app dies before its window exists is stopped and tried
//! again. A CI run once lost its whole time limit to one such start (GTK failed to initialise,
//! WebKitWebDriver waited for the app forever).

use erm_e2e::{app_binary, prerequisites_ok, App, Sandbox};

#[tokio::test(flavor = "multi_thread")]
async fn a_start_whose_app_dies_is_tried_again() -> erm_e2e::Result {
    if !prerequisites_ok("a_start_whose_app_dies_is_tried_again") {
        return Ok(());
    }
    let sandbox = Sandbox::new();
    let root = sandbox.data_dir().parent().expect("sandbox root").to_path_buf();
    let marker = root.join("first-start-failed");
    // The first start runs the app on a display that does not exist, as GTK's failure did.
    let wrapper = root.join("app-failing-once.sh");
    let script = format!(
        "#!/bin/sh\nif [ ! -e '{m}' ]; then touch '{m}'; DISPLAY=:4242 exec '{app}' \"$@\"; fi\nexec '{app}' \"$@\"\n",
        m = marker.display(),
        app = app_binary().display()
    );
    std::fs::write(&wrapper, script)?;
    std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;

    let app = App::start_program(&sandbox, "harness", &wrapper, &[]).await?;
    app.run(move |app| Box::pin(async move {
        if !marker.exists() {
            return Err("the wrapper's failing first start never ran".into());
        }
        app.by_testid("onboarding").await?;
        Ok(())
    }))
    .await
}
